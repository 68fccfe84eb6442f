"""Which complaints are called back (回访抽样): always the hot ones, else a reproducible random
share per unit, plus a supervisor's share across units."""

import hashlib

ALWAYS = ("major", "flagged", "collective", "repeat")


def draw(seed, key, salt):
    """A reproducible number in [0, 1) for (seed, key, salt): the same complaint always gets the
    same draw for a given seed, whatever the order or batch it is processed in."""
    digest = hashlib.sha256(f"{seed}:{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def sample_reason(facts, seed, unit_share, supervisor_share):
    """Why this complaint is called back, or None.

    facts: dict with keys id, major, flagged, collective, repeat (booleans).
    unit_share / supervisor_share: fractions in [0, 1].
    """
    for reason in ALWAYS:
        if facts.get(reason):
            return reason
    if draw(seed, facts["id"], "unit") < unit_share:
        return "unit_sample"
    if draw(seed, facts["id"], "supervisor") < supervisor_share:
        return "supervisor_sample"
    return None

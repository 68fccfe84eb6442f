"""Complaint tracking numbers (案件编号): yearly, zero-padded so they sort in creation order."""

import re
import unicodedata

PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,24}$")
NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z]{1,6})(?P<year>\d{4})-(?P<seq>\d{6,9})$")


def format_number(prefix, year, value, padding=6):
    """format_number('TS', 2026, 123) -> 'TS2026-000123'."""
    if value < 1:
        raise ValueError("sequence values start at 1")
    return f"{prefix}{year:04d}-{value:0{padding}d}"


def normalise(text):
    """A tracking number as typed by a complainant -> canonical form, or None if it is not one.
    Accepts lower case, full-width characters and surrounding spaces."""
    if not text or len(text) > 40:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")
    return cleaned if NUMBER_RE.match(cleaned) else None


# Crockford's base32: no I, L, O, U, so a code read out on the phone is not misheard.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 × 5 bits = 80 bits of randomness
_CODE_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking_code(randbits):
    """A secret tracking code of 80 random bits: 'K3M9-7QZT-A2XD-80PW'. ``randbits(n)`` is
    secrets.randbits (passed in so that tests can make it deterministic)."""
    value = randbits(CODE_LENGTH * 5)
    chars = []
    for _ in range(CODE_LENGTH):
        value, index = divmod(value, 32)
        chars.append(CODE_ALPHABET[index])
    return "-".join("".join(chars[i : i + 4]) for i in range(0, CODE_LENGTH, 4))


def normalise_code(text):
    """A code as typed or read out -> canonical form, or None. Accepts lower case, spaces,
    missing dashes and the letters people confuse with digits (O for 0, I or L for 1)."""
    if not text or len(text) > 40:
        return None
    cleaned = unicodedata.normalize("NFKC", text).upper().translate(_CODE_CONFUSABLE)
    cleaned = "".join(ch for ch in cleaned if ch not in " -")
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))

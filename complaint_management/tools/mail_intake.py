"""Decisions of the complaint mail gateway that need no database: is a mail automatic, which
tracking numbers does it quote, do its attachments pass the web form's rules, and masking the
sender's identity in a text."""

import re
import unicodedata

# RFC 3834 and the de-facto headers of common auto-responders
_PRECEDENCE_AUTOMATIC = {"auto_reply", "bulk", "junk", "list"}
_AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply")
_AUTOMATIC_LOCALPARTS = {
    "mailer-daemon",
    "postmaster",
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
}
# a tracking number anywhere in a subject or a Message-Id: TS2026-000123
_NUMBER_IN_TEXT = re.compile(r"(?<![A-Z])([A-Z]{1,6}\d{4}-\d{6,9})(?!\d)")
MAX_NUMBERS = 10
REDACTED = "[…]"


def is_automatic(headers, sender=""):
    """Whether a mail was sent by a machine (auto-reply, vacation notice, list or bulk mail,
    a no-reply address): such mails never register or append to a complaint.

    ``headers`` maps header names to their value (or None); ``sender`` is the normalised
    From address."""
    auto_submitted = (headers.get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return True
    if any(headers.get(name) for name in _AUTOMATIC_HEADERS):
        return True
    precedence = (headers.get("Precedence") or "").strip().lower()
    if precedence in _PRECEDENCE_AUTOMATIC:
        return True
    localpart = (sender or "").partition("@")[0].lower()
    return localpart in _AUTOMATIC_LOCALPARTS


def find_tracking_numbers(*texts):
    """Tracking numbers quoted in the texts (subject first, then references), in order,
    without duplicates, at most MAX_NUMBERS: 'Re: your complaint ts2026-000123' ->
    ['TS2026-000123']. Full-width characters and lower case are accepted."""
    found = []
    for text in texts:
        if not text:
            continue
        cleaned = unicodedata.normalize("NFKC", text).upper()
        for number in _NUMBER_IN_TEXT.findall(cleaned):
            if number not in found:
                found.append(number)
            if len(found) >= MAX_NUMBERS:
                return found
    return found


def attachment_size(content):
    if isinstance(content, str):
        return len(content.encode())
    return len(content or b"")


def check_attachments(attachments, allowed_extensions, max_bytes, max_count):
    """Problems of a mail's attachments under the web form's rules, as (kind, name) pairs:
    ('count', None) for too many files, ('type', name) for a refused extension, ('size', name)
    for a file larger than ``max_bytes``. ``attachments`` are (name, content) pairs or longer
    tuples; an empty list means every file passes."""
    problems = []
    if len(attachments) > max_count:
        problems.append(("count", None))
    for attachment in attachments:
        name, content = attachment[0] or "", attachment[1]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in allowed_extensions:
            problems.append(("type", name))
        elif attachment_size(content) > max_bytes:
            problems.append(("size", name))
    return problems


def identity_terms(name="", email="", extra=()):
    """What to mask in a mail from this sender: the address, the full display name and each
    of its words of three letters or more (a signature often holds only the first name)."""
    terms = []
    for term in (email, name, *extra):
        term = (term or "").strip()
        if term and term not in terms:
            terms.append(term)
    for word in re.split(r"[\s,.;]+", name or ""):
        if len(word) >= 3 and word not in terms:
            terms.append(word)
    return terms


def redact(text, terms):
    """``text`` with every occurrence of ``terms`` (case-insensitive; words only as whole
    words) replaced by REDACTED."""
    if not text or not terms:
        return text
    patterns = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.escape(term)
        if re.fullmatch(r"\w+", term, flags=re.ASCII):
            escaped = rf"\b{escaped}\b"
        patterns.append(escaped)
    return re.sub("|".join(patterns), REDACTED, text, flags=re.IGNORECASE)

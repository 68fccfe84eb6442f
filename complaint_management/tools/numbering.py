"""Complaint tracking numbers (案件编号): yearly, zero-padded so they sort in creation order."""

import re
import unicodedata

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

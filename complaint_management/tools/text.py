"""Text as clients send it, from the web form, a mail or a platform: what has no place in a
complaint. Pure Python (no Odoo import): tested alone."""

import re

# control characters (NUL, escape, ...): PostgreSQL stores no NUL and lxml parses none; tabs and
# line breaks stay
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text):
    """``text`` without control characters, of the same type (an HTML body stays Markup)."""
    if not isinstance(text, str) or not CONTROL_RE.search(text):
        return text
    return type(text)(CONTROL_RE.sub("", text))

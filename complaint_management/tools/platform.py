"""External platforms (12345 hotlines and the like): the inbound payload checked and bounded,
its digest, and the outbox's back-off. Pure Python (no Odoo import): tested alone.

A payload is refused as a whole at its first problem, with a code, the field and the bound it
broke, so that the caller can answer with a precise error and create nothing.
"""

import hashlib
import json
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .text import CONTROL_RE

# an external reference and the platform's codes: letters, digits and a few separators
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,63}$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,24}$")
EMAIL_RE = re.compile(r"^[^@\s<>,;]{1,64}@[^@\s<>,;]{1,189}\.[^@\s<>,;.]{2,63}$")
# half of a UTF-16 surrogate pair (a text cut inside an emoji): JSON allows it, UTF-8 not
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")

# {field: (kind, required, bound)}; kind: text, code, ref, datetime, bool, complainant
FIELDS = {
    "external_ref": ("ref", True, 64),
    "title": ("text", True, 200),
    "description": ("text", True, 10000),
    "request": ("text", False, 5000),
    "category_code": ("code", False, 64),
    "region_code": ("code", False, 64),
    "urgency_code": ("code", False, 64),
    "event_date": ("datetime", False, None),
    "event_location": ("text", False, 200),
    "accused_party": ("text", False, 200),
    "product_service": ("text", False, 200),
    "deadline": ("datetime", False, None),
    "anonymous": ("bool", False, None),
    "confidential": ("bool", False, None),
    "complainant": ("complainant", False, None),
}
COMPLAINANT_FIELDS = {"name": 100, "phone": 32, "email": 254, "address": 300}
# how far a date may lie from now: events in the past ten years, deadlines within three years
EVENT_PAST = timedelta(days=3660)
DEADLINE_PAST = timedelta(days=1)
DEADLINE_FUTURE = timedelta(days=1100)

# the outbox waits this long after each failed attempt (minutes); the last value repeats
BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)
MAX_ATTEMPTS = 8


class PayloadError(ValueError):
    """``code``: invalid_payload (or unknown_field, missing_field, too_long, invalid_value,
    out_of_range); ``field``: the dotted name of the field; ``limit``: the bound broken."""

    def __init__(self, code, field=None, limit=None):
        super().__init__(code, field, limit)
        self.code = code
        self.field = field
        self.limit = limit


def _text(value, name, limit, required):
    if value is None or value == "":
        if required:
            raise PayloadError("missing_field", name)
        return None
    if not isinstance(value, str):
        raise PayloadError("invalid_value", name)
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > limit:
        raise PayloadError("too_long", name, limit)
    if CONTROL_RE.search(value) or SURROGATE_RE.search(value):
        raise PayloadError("invalid_value", name)
    if required and not value:
        raise PayloadError("missing_field", name)
    return value or None


def parse_datetime(value, name, tz):
    """ISO 8601 text -> naive UTC datetime; without an offset it is local time in ``tz``."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        raise PayloadError("invalid_value", name)
    text = value.strip().replace(" ", "T", 1)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise PayloadError("invalid_value", name) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as error:  # year 1 or 9999 moved past the calendar's end
        raise PayloadError("out_of_range", name) from error


def _complainant(value, prefix="complainant"):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError("invalid_value", prefix)
    unknown = sorted(set(value) - set(COMPLAINANT_FIELDS))
    if unknown:
        raise PayloadError("unknown_field", f"{prefix}.{unknown[0]}")
    result = {}
    for key, limit in COMPLAINANT_FIELDS.items():
        text = _text(value.get(key), f"{prefix}.{key}", limit, False)
        if text:
            result[key] = text
    if "phone" in result and not PHONE_RE.match(result["phone"]):
        raise PayloadError("invalid_value", f"{prefix}.phone")
    if "email" in result and not EMAIL_RE.match(result["email"]):
        raise PayloadError("invalid_value", f"{prefix}.email")
    return result


def _check_range(moment, name, low, high):
    if not low <= moment <= high:
        raise PayloadError("out_of_range", name)


def _get_tz(tz_name):
    try:
        return ZoneInfo(tz_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def clean_payload(payload, now, tz_name="Asia/Shanghai"):
    """The payload checked and normalised: {field: value} with texts stripped, dates as naive
    UTC datetimes, the complainant as a dict; raises PayloadError at the first problem.
    ``now``: naive UTC; ``tz_name``: the zone of dates sent without an offset."""
    if not isinstance(payload, dict):
        raise PayloadError("invalid_payload")
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        raise PayloadError("unknown_field", str(unknown[0])[:64])
    tz = _get_tz(tz_name)
    result = {}
    for name, (kind, required, bound) in FIELDS.items():
        value = payload.get(name)
        if kind in ("text", "code", "ref"):
            value = _text(value, name, bound, required)
            pattern = {"code": CODE_RE, "ref": REF_RE}.get(kind)
            if value and pattern and not pattern.match(value):
                raise PayloadError("invalid_value", name)
        elif kind == "datetime":
            value = parse_datetime(value, name, tz) if value not in (None, "") else None
        elif kind == "bool":
            if value is not None and not isinstance(value, bool):
                raise PayloadError("invalid_value", name)
            value = bool(value)
        else:
            value = _complainant(value)
        result[name] = value
    if result["event_date"]:
        _check_range(result["event_date"], "event_date", now - EVENT_PAST, now + DEADLINE_PAST)
    if result["deadline"]:
        _check_range(result["deadline"], "deadline", now - DEADLINE_PAST, now + DEADLINE_FUTURE)
    if not result["anonymous"] and not result["complainant"]:
        # a complaint without any complainant is an anonymous one: say so explicitly
        raise PayloadError("missing_field", "complainant")
    return result


def payload_digest(cleaned):
    """A stable fingerprint of a cleaned payload: the same work order sent again (keys in any
    order, spaces around texts) has the same digest; a different one has another."""
    text = json.dumps(cleaned, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def next_attempt_delay(attempts):
    """Delay before the next attempt after ``attempts`` failed ones, or None when the event
    gives up (it is then marked failed and waits for someone to send it again)."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def iso_utc(moment):
    """Naive UTC datetime -> '2026-05-01T02:00:00Z' (what the platform receives)."""
    if not moment:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"

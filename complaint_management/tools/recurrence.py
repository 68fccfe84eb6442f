"""Repeat and collective complaints without the ORM: who the complainant is (keys), which
group of complaints one belongs to, and when a group is collective.

The model layer reads the complaints and runs the queries; these functions decide.
"""

import re

# a complaint is recognised by its first key in this order
KEY_KINDS = ("partner", "phone", "email", "name")
# shorter phone numbers (extensions, typos) say nothing about who calls
MIN_PHONE_DIGITS = 5
# the subscriber part of a Chinese mobile number: +86 and a leading 0 do not make another caller
PHONE_DIGITS_KEPT = 11
DEFAULT_REPEAT_WINDOW_DAYS = 30
DEFAULT_COLLECTIVE_THRESHOLD = 5
DEFAULT_COLLECTIVE_WINDOW_DAYS = 7


def phone_key(phone):
    """'+86 138-0013-8000' -> '13800138000': the last 11 digits, or None when too short."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[-PHONE_DIGITS_KEPT:]


def name_key(name):
    """A name compared without case or surrounding blanks, or None."""
    name = (name or "").strip().lower()
    return name or None


def complainant_keys(partner_id=None, email=None, phone=None, name=None):
    """{(kind, value)}: the ways to recognise the same complainant. ``partner_id`` is the
    commercial contact's id, ``email`` an already normalised address; the name only counts
    when nothing else identifies the complainant."""
    keys = set()
    if partner_id:
        keys.add(("partner", str(partner_id)))
    if email:
        keys.add(("email", email))
    phone = phone_key(phone)
    if phone:
        keys.add(("phone", phone))
    if not keys and name_key(name):
        keys.add(("name", name_key(name)))
    return keys


def primary_key(keys):
    """'kind:value' of the first kind present in KEY_KINDS, or None."""
    values = dict(keys)
    for kind in KEY_KINDS:
        if kind in values:
            return f"{kind}:{values[kind]}"
    return None


def repeat_of(category_id, keys, latest):
    """The id of the latest previous complaint of the same category and complainant, or None;
    ``latest`` maps (category id, key) to the latest complaint id found for it."""
    matches = [latest[(category_id, key)] for key in keys if (category_id, key) in latest]
    return max(matches) if matches else None


def collective_key(category_id, region_id, place):
    """The group of a complaint: ("region", category, region) or ("place", category, place)."""
    if region_id:
        return ("region", category_id, region_id)
    return ("place", category_id, place)


def is_collective(distinct_complainants, threshold=DEFAULT_COLLECTIVE_THRESHOLD):
    """A group is collective from ``threshold`` distinct complainants on."""
    return distinct_complainants >= threshold

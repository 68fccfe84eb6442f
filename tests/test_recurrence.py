"""Complainant keys and collective groups of complaint_management.tools.recurrence."""

from complaint_management.tools.recurrence import (
    collective_key,
    complainant_keys,
    is_collective,
    phone_key,
    primary_key,
    repeat_of,
)


def test_phone_key_keeps_the_last_eleven_digits_of_any_notation():
    assert phone_key("+86 138-0013-8000") == "13800138000"
    assert phone_key("138 0013 8000") == "13800138000"
    assert phone_key("1234") is None
    assert phone_key(None) is None


def test_name_counts_only_when_nothing_else_identifies_the_complainant():
    assert complainant_keys(name=" Wang Wu ") == {("name", "wang wu")}
    keys = complainant_keys(partner_id=7, email="a@example.com", phone="13800138000", name="X")
    assert keys == {("partner", "7"), ("email", "a@example.com"), ("phone", "13800138000")}
    assert complainant_keys() == set()


def test_primary_key_prefers_contact_then_phone_then_email():
    keys = complainant_keys(email="a@example.com", phone="13800138000")
    assert primary_key(keys) == "phone:13800138000"
    assert primary_key(complainant_keys(partner_id=3, phone="13800138000")) == "partner:3"
    assert primary_key(set()) is None


def test_repeat_of_takes_the_latest_complaint_of_the_same_category():
    keys = {("email", "a@example.com"), ("phone", "13800138000")}
    latest = {(1, ("email", "a@example.com")): 10, (1, ("phone", "13800138000")): 12}
    latest[(2, ("phone", "13800138000"))] = 99
    assert repeat_of(1, keys, latest) == 12
    assert repeat_of(3, keys, latest) is None


def test_collective_groups_by_region_else_place_from_five_complainants():
    assert collective_key(4, 9, "Gate 3") == ("region", 4, 9)
    assert collective_key(4, None, "Gate 3") == ("place", 4, "Gate 3")
    assert not is_collective(4)
    assert is_collective(5)
    assert is_collective(2, threshold=2)

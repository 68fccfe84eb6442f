"""What an external platform may send: checked and bounded field by field, refused as a whole
with a code and the field at fault; the same work order has the same digest; the back-off."""

from datetime import datetime, timedelta

import pytest

from complaint_management.tools.platform import (
    MAX_ATTEMPTS,
    PayloadError,
    clean_payload,
    iso_utc,
    next_attempt_delay,
    payload_digest,
)

NOW = datetime(2026, 5, 1, 2, 0)


def _payload(**values):
    payload = {
        "external_ref": "WO-2026-0001",
        "title": "路灯不亮",
        "description": "幸福路 12 号门前路灯坏了一周",
        "complainant": {"name": "王芳", "phone": "+86 138 0000 1111"},
    }
    payload.update(values)
    return payload


def _error(payload):
    with pytest.raises(PayloadError) as info:
        clean_payload(payload, NOW)
    return info.value.code, info.value.field


def test_a_complete_work_order_is_cleaned():
    cleaned = clean_payload(
        _payload(
            title="  路灯不亮  ",
            category_code="0301",
            deadline="2026-05-08 18:00:00",
            event_date="2026-04-30T20:00:00Z",
            confidential=True,
        ),
        NOW,
    )
    assert cleaned["title"] == "路灯不亮"
    assert cleaned["category_code"] == "0301"
    # no offset: local time of the platform (Beijing), kept in UTC
    assert cleaned["deadline"] == datetime(2026, 5, 8, 10, 0)
    assert cleaned["event_date"] == datetime(2026, 4, 30, 20, 0)
    assert cleaned["confidential"] is True and cleaned["anonymous"] is False
    assert cleaned["complainant"] == {"name": "王芳", "phone": "+86 138 0000 1111"}
    assert cleaned["request"] is None


def test_missing_unknown_and_wrongly_typed_fields_are_named():
    assert _error(_payload(title="")) == ("missing_field", "title")
    assert _error(_payload(external_ref=None)) == ("missing_field", "external_ref")
    assert _error(_payload(colour="red")) == ("unknown_field", "colour")
    assert _error(_payload(title=12)) == ("invalid_value", "title")
    assert _error(_payload(anonymous="yes")) == ("invalid_value", "anonymous")
    assert _error(_payload(complainant="王芳")) == ("invalid_value", "complainant")
    assert _error(_payload(complainant={"nick": "x"})) == ("unknown_field", "complainant.nick")
    assert _error(_payload(complainant=None)) == ("missing_field", "complainant")
    assert _error(["not", "an", "object"]) == ("invalid_payload", None)


def test_every_text_is_bounded_and_clean():
    with pytest.raises(PayloadError) as info:
        clean_payload(_payload(title="x" * 201), NOW)
    assert (info.value.code, info.value.field, info.value.limit) == ("too_long", "title", 200)
    assert _error(_payload(description="a\x00b")) == ("invalid_value", "description")
    assert _error(_payload(external_ref="WO 1")) == ("invalid_value", "external_ref")
    assert _error(_payload(external_ref="x" * 65)) == ("too_long", "external_ref")
    assert _error(_payload(category_code="03/01")) == ("invalid_value", "category_code")
    assert _error(_payload(complainant={"phone": "call me"})) == (
        "invalid_value",
        "complainant.phone",
    )
    assert _error(_payload(complainant={"email": "a@b"})) == ("invalid_value", "complainant.email")


def test_dates_are_parsed_and_kept_within_bounds():
    assert _error(_payload(deadline="next friday")) == ("invalid_value", "deadline")
    assert _error(_payload(deadline=20260508)) == ("invalid_value", "deadline")
    assert _error(_payload(deadline="2020-01-01T00:00:00Z")) == ("out_of_range", "deadline")
    assert _error(_payload(deadline="2099-01-01T00:00:00Z")) == ("out_of_range", "deadline")
    assert _error(_payload(event_date="2027-01-01T00:00:00Z")) == ("out_of_range", "event_date")


@pytest.mark.parametrize(
    "value",
    [
        # .NET's DateTime.MinValue and MaxValue, which some platforms send for "no date"
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+08:00",
        "9999-12-31T23:59:59-05:00",
    ],
)
def test_a_date_at_the_ends_of_the_calendar_is_out_of_range_not_a_crash(value):
    assert _error(_payload(event_date=value)) == ("out_of_range", "event_date")
    assert _error(_payload(deadline=value)) == ("out_of_range", "deadline")


def test_a_text_cut_in_the_middle_of_an_emoji_is_refused():
    # a client cutting at 200 UTF-16 units leaves half of a surrogate pair, which JSON allows
    # and UTF-8 (PostgreSQL) cannot store
    half = "路灯不亮 \ud83d"
    assert _error(_payload(title=half)) == ("invalid_value", "title")
    assert _error(_payload(complainant={"name": half})) == ("invalid_value", "complainant.name")


def test_anonymous_work_order_needs_no_complainant():
    cleaned = clean_payload(_payload(complainant=None, anonymous=True), NOW)
    assert cleaned["anonymous"] is True and cleaned["complainant"] == {}


def test_same_work_order_has_the_same_digest_another_one_not():
    first = payload_digest(clean_payload(_payload(title="路灯不亮 "), NOW))
    again = payload_digest(clean_payload(dict(reversed(list(_payload().items()))), NOW))
    other = payload_digest(clean_payload(_payload(title="路灯闪烁"), NOW))
    assert first == again != other


def test_backoff_grows_then_gives_up():
    delays = [next_attempt_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 5, 15, 60)]
    assert all(a <= b for a, b in zip(delays[:-2], delays[1:-1], strict=True))
    assert delays[-1] is None
    assert iso_utc(datetime(2026, 5, 1, 2, 0, 5, 123)) == "2026-05-01T02:00:05Z"

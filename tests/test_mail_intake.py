"""The complaint mail gateway's pure decisions: automatic mails, quoted tracking numbers,
attachment rules and masking the sender's identity."""

from markupsafe import Markup

from complaint_management.tools.mail_intake import (
    REDACTED,
    check_attachments,
    find_tracking_numbers,
    identity_terms,
    is_automatic,
    redact,
)
from complaint_management.tools.text import strip_control


def test_auto_replies_lists_and_no_reply_senders_are_automatic():
    assert is_automatic({"Auto-Submitted": "auto-replied"})
    assert is_automatic({"Auto-Submitted": "Auto-Generated"})
    assert is_automatic({"X-Autoreply": "yes"})
    assert is_automatic({"Precedence": "bulk"})
    assert is_automatic({"Precedence": "auto_reply"})
    assert is_automatic({}, "noreply@shop.example.org")
    assert is_automatic({}, "MAILER-DAEMON@mx.example.org".lower())


def test_a_persons_mail_is_not_automatic():
    assert not is_automatic({}, "zoe@example.org")
    assert not is_automatic({"Auto-Submitted": "no"}, "zoe@example.org")
    assert not is_automatic({"Precedence": None, "Auto-Submitted": None}, "")


def test_tracking_numbers_are_found_in_subject_then_references():
    assert find_tracking_numbers("Re: Your complaint TS2026-000123 was registered") == [
        "TS2026-000123"
    ]
    assert find_tracking_numbers("re: ts2026-000123", "<TS2025-000009.1@x>") == [
        "TS2026-000123",
        "TS2025-000009",
    ]
    # full-width characters, as typed on a Chinese keyboard
    assert find_tracking_numbers("投诉ＴＳ２０２６－０００１２３") == ["TS2026-000123"]
    assert find_tracking_numbers("TS2026-000123 TS2026-000123") == ["TS2026-000123"]
    assert find_tracking_numbers("order 2026-000123", None, "") == []
    assert find_tracking_numbers("TS2026-0001234567") == []  # too many digits
    assert len(find_tracking_numbers(" ".join(f"TS2026-{i:06d}" for i in range(50)))) == 10


def test_attachments_follow_the_web_form_rules():
    allowed = {"pdf", "jpg"}
    assert check_attachments([("a.pdf", b"x"), ("B.JPG", "y")], allowed, 10, 5) == []
    assert check_attachments([("a.exe", b"x")], allowed, 10, 5) == [("type", "a.exe")]
    assert check_attachments([("noextension", b"x")], allowed, 10, 5) == [("type", "noextension")]
    assert check_attachments([("a.pdf", b"x" * 11)], allowed, 10, 5) == [("size", "a.pdf")]
    assert check_attachments([("a.pdf", "é" * 6, {})], allowed, 10, 5) == [("size", "a.pdf")]
    assert check_attachments([("a.pdf", b"")] * 3, allowed, 10, 2) == [("count", None)]


def test_identity_is_masked_as_whole_words_case_insensitively():
    terms = identity_terms("Zoe Canary", "zoe.canary@example.org", extra=["K3M9-7QZT"])
    text = "Dear ZOE CANARY (zoe.canary@example.org), code k3m9-7qzt. Zoe. Zoetrope canaryish."
    masked = redact(text, terms)
    assert "canary@" not in masked.lower()
    assert "k3m9" not in masked.lower()
    assert masked.count(REDACTED) == 4
    assert "Zoetrope canaryish" in masked
    assert redact("王芳 投诉", identity_terms("王芳", "")) == f"{REDACTED} 投诉"
    assert redact("", terms) == ""
    assert redact("nothing", []) == "nothing"


def test_control_characters_are_stripped_and_markup_stays_markup():
    assert strip_control("Water\x00cut\x1b in 2027\tnow\r\n") == "Watercut in 2027\tnow\r\n"
    body = strip_control(Markup("<p>No water\x00</p>"))
    assert isinstance(body, Markup) and body == Markup("<p>No water</p>")
    assert strip_control(None) is None
    assert strip_control(False) is False

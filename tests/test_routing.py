"""Routing precedence and keyword matching of complaint_management.tools.routing."""

from complaint_management.tools.numbering import format_number, normalise
from complaint_management.tools.routing import Facts, Rule, match, parse_keywords, sort_rules


def _route(rules, **facts):
    rule, used_default = match(sort_rules(rules), Facts(**facts))
    return (rule.id if rule else None), used_default


def test_parse_keywords_splits_chinese_and_latin_separators():
    assert parse_keywords("Leak, 漏水；water、 LEAK\n停电") == ("leak", "漏水", "water", "停电")
    assert parse_keywords("") == ()
    assert parse_keywords(None) == ()


def test_first_match_by_sequence_wins_and_default_comes_last():
    rules = [
        Rule(id=1, sequence=1, is_default=True),
        Rule(id=2, sequence=20, category_ids=frozenset({10})),
        Rule(id=3, sequence=10, category_ids=frozenset({10})),
    ]
    assert _route(rules, category_path=frozenset({10, 1})) == (3, False)
    assert _route(rules, category_path=frozenset({11})) == (1, True)


def test_rule_on_parent_category_matches_child_through_path():
    rules = [Rule(id=1, category_ids=frozenset({100})), Rule(id=9, is_default=True)]
    assert _route(rules, category_path=frozenset({101, 100})) == (1, False)


def test_every_condition_must_hold():
    rule = Rule(
        id=1,
        category_ids=frozenset({1}),
        region_ids=frozenset({5}),
        channel_ids=frozenset({7}),
        customer_tiers=frozenset({"vip"}),
        keywords=("water",),
        service_keywords=("meter",),
    )
    ok = {
        "category_path": frozenset({1}),
        "region_path": frozenset({5, 4}),
        "channel_id": 7,
        "customer_tier": "vip",
        "text": "No WATER since Monday",
        "service": "Smart meter",
    }
    assert _route([rule], **ok) == (1, False)
    for key, bad in [
        ("category_path", frozenset({2})),
        ("region_path", frozenset({6})),
        ("channel_id", 8),
        ("customer_tier", "ordinary"),
        ("text", "no power"),
        ("service", "billing"),
    ]:
        assert _route([rule], **dict(ok, **{key: bad})) == (None, False), key


def test_keywords_match_any_chinese_word_in_text():
    rules = [Rule(id=1, keywords=parse_keywords("漏水,停水")), Rule(id=2, is_default=True)]
    assert _route(rules, text="小区3号楼停水两天") == (1, False)
    assert _route(rules, text="物业费太高") == (2, True)


def test_no_rule_at_all_returns_none():
    assert _route([], text="x") == (None, False)


def test_tracking_numbers_sort_in_creation_order_past_99999():
    numbers = [format_number("TS", 2026, n) for n in (99_998, 99_999, 100_000, 100_001)]
    assert numbers == sorted(numbers)
    assert numbers[2] == "TS2026-100000"


def test_normalise_accepts_what_complainants_type_and_rejects_garbage():
    assert normalise(" ts2026-000123 ") == "TS2026-000123"
    assert normalise("ＴＳ２０２６－０００１２３") == "TS2026-000123"
    assert normalise("TS2026-12") is None
    assert normalise("1 OR 1=1") is None
    assert normalise("x" * 100) is None

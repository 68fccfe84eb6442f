"""Callback sampling of complaint_survey.tools.sampling."""

from complaint_survey.tools.sampling import draw, sample_reason


def _facts(i, **flags):
    return dict({"id": i, "major": False, "flagged": False, "collective": False}, **flags)


def test_hot_complaints_are_always_sampled():
    for flag in ("major", "flagged", "collective", "repeat"):
        reasons = {sample_reason(_facts(i, **{flag: True}), 7, 0.0, 0.0) for i in range(200)}
        assert reasons == {flag}


def test_random_share_is_within_tolerance_on_1000_complaints():
    reasons = [sample_reason(_facts(i), 42, 0.2, 0.1) for i in range(1000)]
    unit = reasons.count("unit_sample")
    supervisor = reasons.count("supervisor_sample")
    assert 170 <= unit <= 230
    # the supervisor draws among the 80% not sampled by the unit: about 8%
    assert 55 <= supervisor <= 105
    assert reasons.count(None) == 1000 - unit - supervisor


def test_draw_is_reproducible_and_seed_dependent():
    assert draw(1, 99, "unit") == draw(1, 99, "unit")
    assert draw(1, 99, "unit") != draw(2, 99, "unit")
    assert 0 <= draw(3, 5, "x") < 1


def test_zero_and_full_shares():
    assert all(sample_reason(_facts(i), 1, 0.0, 0.0) is None for i in range(100))
    assert all(sample_reason(_facts(i), 1, 1.0, 0.0) == "unit_sample" for i in range(100))

"""Secret tracking codes: 80 bits, readable on the phone, typed back in any reasonable way."""

import random
import secrets

from complaint_management.tools.numbering import (
    CODE_ALPHABET,
    new_tracking_code,
    normalise_code,
)


def test_code_has_80_bits_in_four_groups_of_readable_characters():
    code = new_tracking_code(secrets.randbits)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert not set("ILOU") & set(code)
    assert len(CODE_ALPHABET) ** 16 == 2**80


def test_codes_differ_and_every_value_maps_to_a_distinct_code():
    rng = random.Random(7)
    codes = {new_tracking_code(rng.getrandbits) for _ in range(5000)}
    assert len(codes) == 5000
    assert new_tracking_code(lambda n: 0) == "0000-0000-0000-0000"
    assert new_tracking_code(lambda n: 2**n - 1) == "ZZZZ-ZZZZ-ZZZZ-ZZZZ"


def test_code_read_back_with_spaces_lower_case_and_confusable_letters():
    code = new_tracking_code(random.Random(1).getrandbits)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_code(typed) == code
    assert normalise_code(code.replace("-", "")) == code


def test_wrong_codes_are_refused():
    for text in ("", None, "ABC", "0000-0000-0000-000", "0000-0000-0000-000!", "x" * 500):
        assert normalise_code(text) is None

from . import (
    test_callback,
    test_callback_deadline,
    test_satisfaction,
    test_smoke,
    test_survey_rights,
    test_survey_web,
    test_unreachable,
)

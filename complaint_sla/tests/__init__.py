from . import (
    test_calendar,
    test_deadlines,
    test_escalation,
    test_guard,
    test_install,
    test_migrations,
    test_phases,
    test_platform_deadline,
    test_portal_web,
    test_provisional,
    test_recompute,
    test_smoke,
)

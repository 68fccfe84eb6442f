from . import test_calendar, test_deadlines, test_escalation, test_smoke

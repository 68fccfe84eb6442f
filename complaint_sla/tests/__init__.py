from . import test_deadlines, test_escalation, test_smoke

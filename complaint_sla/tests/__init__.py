from . import test_smoke
from . import test_deadlines
from . import test_escalation

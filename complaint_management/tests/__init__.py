from . import test_acknowledgement, test_report, test_smoke

from . import test_report, test_smoke

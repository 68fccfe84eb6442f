from . import test_acknowledgement, test_category_routing, test_report, test_smoke

from . import (
    test_acknowledgement,
    test_category_routing,
    test_links,
    test_procedure,
    test_report,
    test_smoke,
)

from . import (
    test_acknowledgement,
    test_category_routing,
    test_dashboard,
    test_export_incomplete,
    test_export_periods,
    test_links,
    test_portal_web,
    test_procedure,
    test_report,
    test_routing_matrix,
    test_settings_view,
    test_smoke,
)

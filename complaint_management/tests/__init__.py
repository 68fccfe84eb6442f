from . import (
    test_acknowledgement,
    test_backoffice_tour,
    test_category_routing,
    test_confidentiality,
    test_dashboard,
    test_links,
    test_portal_web,
    test_procedure,
    test_procedure_guard,
    test_report,
    test_routing_matrix,
    test_smoke,
)

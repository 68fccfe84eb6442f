# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Deadlines (SLA)",
    "summary": "Deadline rules on working calendars, warnings, escalation, supervision",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Complaint Suite Authors",
    "website": "https://github.com/complaint-suite/complaint-suite",
    "depends": ["complaint_management", "resource"],
    "external_dependencies": {"python": ["chinesecalendar"]},
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_sla_security.xml",
        "data/complaint_sla_rule_data.xml",
        "data/complaint_sla_data.xml",
        "views/complaint_sla_rule_views.xml",
        "views/complaint_sla_views.xml",
        "views/menus.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": ["demo/complaint_sla_demo.xml"],
    "post_init_hook": "post_init_hook",
}

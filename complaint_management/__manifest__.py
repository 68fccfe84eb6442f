# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management",
    "summary": "Complaints on helpdesk tickets: intake, classification, routing, closure",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Complaint Suite Authors",
    "website": "https://github.com/complaint-suite/complaint-suite",
    "depends": ["helpdesk_mgmt", "website", "portal", "mail"],
    "data": [
        "security/complaint_management_security.xml",
        "security/ir.model.access.csv",
        "data/complaint_refusal_reason_data.xml",
        "views/complaint_refusal_reason_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/menus.xml",
    ],
    "application": True,
}

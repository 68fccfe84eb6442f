# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Callbacks and Satisfaction",
    "summary": "Callbacks and satisfaction surveys for complaints, re-handling when dissatisfied",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Complaint Suite Authors",
    "website": "https://github.com/complaint-suite/complaint-suite",
    "development_status": "Beta",
    "maintainers": ["complaint-suite"],
    "depends": ["complaint_management", "resource", "survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_survey_security.xml",
        "data/complaint_survey_data.xml",
        "data/mail_template_data.xml",
        "views/complaint_callback_views.xml",
        "views/templates.xml",
        "views/menus.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": ["demo/complaint_callback_demo.xml"],
}

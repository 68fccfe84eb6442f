"""19.0.1.1.0: our fields on helpdesk's shared models take the ``complaint_`` prefix, so that OCA
siblings cannot merge with them: ``helpdesk.ticket.satisfaction`` becomes
``complaint_satisfaction``, the category's ``callback_days`` ``complaint_callback_days``, ...

Columns, field records, external ids, saved filters, window actions, export lists, record rules
and mail templates are renamed before the new code loads (complaint_management's
``field_rename.py``), so that no value or tracking history is lost. Nothing changes when run a
second time."""

from odoo.addons.complaint_management import field_rename

MODULE = "complaint_survey"
PREFIX = "complaint_"
TICKET = [
    "callback_ids",
    "callback_count",
    "satisfaction",
    "satisfaction_attitude",
    "satisfaction_efficiency",
    "satisfaction_result",
    "satisfaction_comment",
    "satisfaction_date",
    "satisfaction_by",
    "dissatisfied_count",
    "satisfaction_excluded",
    "exclusion_reason",
    "exclusion_note",
    "exclusion_attachment_ids",
]
CATEGORY = ["callback_days", "callback_survey_id"]
RENAMES = {
    "helpdesk.ticket": {old: PREFIX + old for old in TICKET},
    "helpdesk.ticket.category": {old: PREFIX + old for old in CATEGORY},
}


def migrate(cr, version):
    # complaint_management is loaded before: its helper is importable
    field_rename.switch_views_off(cr, MODULE)
    field_rename.rename_fields(cr, MODULE, RENAMES)

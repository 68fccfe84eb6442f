"""19.0.1.1.0: our fields on helpdesk's shared models take the ``complaint_`` prefix, so that
OCA siblings cannot merge with them: ``helpdesk.ticket.satisfaction`` becomes
``complaint_satisfaction``, the category's ``callback_days`` ``complaint_callback_days``, ...

Columns, field records, external ids, saved filters, window actions and export lists are
renamed before the new code loads (complaint_management's ``field_rename.py``), so that no
value or tracking history is lost. Nothing changes when run a second time."""

import importlib.util
from pathlib import Path

from odoo.modules.module import get_module_path

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


def load_field_rename():
    # by path: complaint_management's package need not be imported for a pre-migrate script
    path = Path(get_module_path("complaint_management")) / "field_rename.py"
    spec = importlib.util.spec_from_file_location("complaint_field_rename", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migrate(cr, version):
    load_field_rename().rename_fields(cr, MODULE, RENAMES)

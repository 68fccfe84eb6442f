"""19.0.1.3.0: our fields on helpdesk's shared models take the ``complaint_`` prefix, so that OCA
siblings (helpdesk_mgmt_sla, helpdesk_type, ...) cannot merge with them: ``severity`` becomes
``complaint_severity``, the category's ``code`` ``complaint_code``, ...

Columns, field records, external ids, saved filters, window actions, export lists, record rules
and mail templates are renamed before the new code loads, so that no value, tracking history or
translation is lost (``field_rename.py``). Nothing changes when run a second time."""

import importlib.util
from pathlib import Path

from odoo.tools import SQL

MODULE = "complaint_management"
PREFIX = "complaint_"
TICKET = [
    "anonymised",
    "submit_ip_hash",
    "submit_stamp",
    "acknowledgement_state",
    "first_contact_user_id",
    "received_date",
    "event_date",
    "event_location",
    "region_id",
    "accused_party",
    "product_service",
    "is_emergency",
    "severity",
    "major_reason",
    "promise_broken",
    "serious_loss",
    "authority_involved",
    "long_unresolved",
    "is_flagged",
    "scope_tier",
    "customer_tier",
    "onsite_required",
    "routing_rule_id",
    "routed_by_default",
    "assignment_ids",
    "reassign_count",
    "assist_task_ids",
    "assist_team_ids",
    "in_my_units",
    "accepted_date",
    "dispatched_date",
    "refusal_reason_id",
    "refusal_note",
    "transfer_body",
    "transfer_contact",
    "transfer_method",
    "transfer_date",
    "transfer_confirmed_date",
    "is_repeat",
    "repeat_of_id",
    "is_collective",
    "collective_parent_id",
    "collective_child_ids",
    "collective_candidate",
    "reply_ids",
    "reply_method",
    "reply_date",
    "result_summary",
    "verdict",
    "cause",
    "responsible_team_id",
    "responsibility_category_id",
    "corrective_action",
    "reopen_count",
    "is_anonymous",
    "is_confidential",
    "identity_grant_user_ids",
]
CATEGORY = ["code", "description", "onsite_required", "real_name_required", "pack"]
RENAMES = {
    model: {old: PREFIX + old for old in names}
    for model, names in (
        ("helpdesk.ticket", TICKET),
        ("helpdesk.ticket.category", CATEGORY),
        ("helpdesk.ticket.channel", ["implies_authority"]),
    )
}


def load_field_rename():
    # by path: the addon's package is not imported yet when pre-migrate scripts run
    path = Path(__file__).resolve().parents[2] / "field_rename.py"
    spec = importlib.util.spec_from_file_location("complaint_field_rename", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# complaint_sla before 19.0.2.0.0 named the unit's calendar resource_calendar_id; the field is
# this addon's now, as complaint_calendar_id: complaint_sla's column is renamed first, or ours
# would start empty and complaint_sla's own 19.0.2.0.0 rename would find the name taken
SLA_TEAM_CALENDAR = {"helpdesk.ticket.team": {"resource_calendar_id": "complaint_calendar_id"}}


def _sla_owns_old_calendar(cr):
    cr.execute(
        SQL(
            """SELECT 1 FROM ir_model_data WHERE module = 'complaint_sla'
                AND model = 'ir.model.fields'
                AND name = 'field_helpdesk_ticket_team__resource_calendar_id'"""
        )
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    field_rename = load_field_rename()
    field_rename.switch_views_off(cr, MODULE)
    if _sla_owns_old_calendar(cr):
        field_rename.rename_fields(cr, "complaint_sla", SLA_TEAM_CALENDAR)
    field_rename.rename_fields(cr, MODULE, RENAMES)

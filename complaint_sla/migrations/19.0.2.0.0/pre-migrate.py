"""19.0.2.0.0: our fields on helpdesk's shared models take the ``complaint_`` prefix, so that OCA
siblings no longer merge with them (helpdesk_mgmt_sla defines ``helpdesk.ticket.sla_deadline`` and
``helpdesk.ticket.team.resource_calendar_id`` too).

A field only we define is renamed in place: its column, index, field record and external ids, so
that values, tracking history and translations stay. A field another installed addon defines as
well stays theirs: our new field gets its own column, copied from the old one, or left for the
ORM to compute when the field is computed (the shared column may hold the other addon's value).
"""

from odoo.addons.complaint_management import field_rename

MODULE = "complaint_sla"
RENAMES = {
    "helpdesk.ticket": {
        "sla_deadline": "complaint_sla_deadline",
        "sla_state": "complaint_sla_state",
        "sla_deadline_provisional": "complaint_sla_deadline_provisional",
        "sla_provisional_note": "complaint_sla_provisional_note",
        "extension_count": "complaint_extension_count",
        "clock_ids": "complaint_clock_ids",
        "extension_ids": "complaint_extension_ids",
        "supervision_ids": "complaint_supervision_ids",
        "supervision_count": "complaint_supervision_count",
        "flag_ids": "complaint_flag_ids",
    },
    "helpdesk.ticket.team": {"resource_calendar_id": "complaint_calendar_id"},
    "helpdesk.ticket.stage": {"stops_clock": "complaint_stops_clock"},
}
# stored and computed: when shared, the ORM computes the new column from the clocks
COMPUTED = {"sla_deadline", "sla_deadline_provisional"}


def migrate(cr, version):
    # complaint_management is loaded before complaint_sla: its helper is importable
    field_rename.rename_fields(cr, MODULE, RENAMES, computed=COMPUTED)

"""Complaint stages carry the phase of the complaint procedure they stand for."""

from odoo import fields, models

COMPLAINT_PHASES = [
    ("new", "Registered"),
    ("dispatched", "Accepted and dispatched"),
    ("in_progress", "Handling"),
    ("waiting", "Waiting"),
    ("replied", "Replied"),
    ("closed", "Closed"),
    ("refused", "Refused"),
    ("transferred", "Transferred"),
]


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    is_complaint_stage = fields.Boolean(
        string="Complaint stage",
        index=True,
        help="Used by complaints only; plain tickets keep the helpdesk stages.",
    )
    complaint_phase = fields.Selection(
        COMPLAINT_PHASES,
        help="What this stage means in the complaint procedure; the buttons of the complaint "
        "form move complaints to the first stage of each phase.",
    )

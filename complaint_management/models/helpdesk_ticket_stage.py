"""Complaint stages carry the phase of the complaint procedure they stand for."""

from odoo import api, fields, models, tools

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
    _name = "helpdesk.ticket.stage"
    # registration reads the complaint stages from a cache, cleared when a stage changes
    _inherit = ["helpdesk.ticket.stage", "complaint.cache.mixin"]

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

    @api.model
    @tools.ormcache("company_ids")
    def _get_complaint_stage_ids(self, company_ids):
        """((phase, stage id), ...): the first complaint stage (by sequence) of each phase, of
        the companies ``company_ids`` (and of none), of every company for None."""
        domain = [("is_complaint_stage", "=", True)]
        if company_ids is not None:
            domain.append(("company_id", "in", [*company_ids, False]))
        result = {}
        # sudo: the company rule is the domain's; archived stages are not used
        for stage in self.sudo().with_context(active_test=True).search(domain):
            result.setdefault(stage.complaint_phase, stage.id)
        return tuple(result.items())

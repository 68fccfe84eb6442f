"""Units (归口单位) are helpdesk teams: hierarchical, branch → region → headquarters."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # a unit may work on its own calendar (e.g. a 24/7 hotline): deadlines (complaint_sla) and
    # callback due dates (complaint_survey) count on it
    complaint_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        help="Deadlines and callback dates of this unit's complaints count on this calendar "
        "unless a deadline rule names one; empty: the company's.",
    )

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A unit cannot be its own parent or ancestor."))

    def _get_applicable_stages(self):
        return super()._get_applicable_stages().filtered(lambda s: not s.is_complaint_stage)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_complaints(self):
        # sudo: complaints of companies the manager may not read belong to the unit too
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count([("is_complaint", "=", True), ("team_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._("This unit has complaints: archive it instead of deleting it.")
            )

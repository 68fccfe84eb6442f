"""Callbacks and satisfaction on complaints; dissatisfied answers send the complaint back to the
lead unit (回访再处理)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .survey_question_answer import SATISFACTION

# recorded by the system from the survey answer, never typed in
ANSWER_FIELDS = frozenset(
    {
        "complaint_satisfaction",
        "complaint_satisfaction_attitude",
        "complaint_satisfaction_efficiency",
        "complaint_satisfaction_result",
        "complaint_satisfaction_comment",
        "complaint_satisfaction_date",
        "complaint_satisfaction_by",
        "complaint_dissatisfied_count",
    }
)
# taking a complaint out of the satisfaction rate is a manager's decision
EXCLUSION_FIELDS = frozenset(
    {
        "complaint_satisfaction_excluded",
        "complaint_exclusion_reason",
        "complaint_exclusion_note",
        "complaint_exclusion_attachment_ids",
    }
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_callback_ids = fields.One2many("complaint.callback", "ticket_id", string="Callbacks")
    complaint_callback_count = fields.Integer(
        string="Callback Count", compute="_compute_complaint_callback_count"
    )
    complaint_satisfaction = fields.Selection(
        SATISFACTION, string="Satisfaction", readonly=True, copy=False, tracking=True
    )
    complaint_satisfaction_attitude = fields.Selection(
        SATISFACTION, string="Attitude", readonly=True, copy=False
    )
    complaint_satisfaction_efficiency = fields.Selection(
        SATISFACTION, string="Efficiency", readonly=True, copy=False
    )
    complaint_satisfaction_result = fields.Selection(
        SATISFACTION, string="Result rating", readonly=True, copy=False
    )
    complaint_satisfaction_comment = fields.Text(
        string="Satisfaction Comment", readonly=True, copy=False
    )
    complaint_satisfaction_date = fields.Datetime(
        string="Satisfaction Date", readonly=True, copy=False
    )
    complaint_satisfaction_by = fields.Selection(
        [("complainant", "Complainant (link)"), ("agent", "Agent")],
        string="Satisfaction By",
        readonly=True,
        copy=False,
    )
    complaint_dissatisfied_count = fields.Integer(
        string="Dissatisfied Count", readonly=True, copy=False
    )
    complaint_satisfaction_excluded = fields.Boolean(
        string="Excluded from satisfaction",
        copy=False,
        help="Force majeure or unreasonable demand: not counted in the satisfaction rate.",
    )
    complaint_exclusion_reason = fields.Selection(
        [("force_majeure", "Force majeure"), ("unreasonable", "Unreasonable demand")],
        string="Exclusion Reason",
        copy=False,
    )
    complaint_exclusion_note = fields.Text(string="Exclusion Note", copy=False)
    complaint_exclusion_attachment_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_exclusion_attachment_rel",
        "ticket_id",
        "attachment_id",
        string="Evidence",
        copy=False,
    )

    def _has_field_access(self, field, operation):
        if operation == "write" and not self.env.su:
            if field.name in ANSWER_FIELDS:
                return False
            if field.name in EXCLUSION_FIELDS and not self.env.user.has_group(
                "complaint_management.group_complaint_manager"
            ):
                return False
        return super()._has_field_access(field, operation)

    def _compute_complaint_callback_count(self):
        counts = dict(
            self.env["complaint.callback"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.complaint_callback_count = counts.get(ticket, 0)

    @api.constrains(
        "complaint_satisfaction_excluded",
        "complaint_exclusion_reason",
        "complaint_exclusion_attachment_ids",
    )
    def _check_exclusion(self):
        for ticket in self.filtered("complaint_satisfaction_excluded"):
            if (
                not ticket.complaint_exclusion_reason
                or not ticket.complaint_exclusion_attachment_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(number)s: excluding it from the satisfaction rate needs a "
                        "reason and the evidence attached.",
                        number=ticket.number,
                    )
                )

    # --- hooks of complaint_management ---------------------------------------------------------

    def _on_complaint_replied(self):
        result = super()._on_complaint_replied()
        self.env["complaint.callback"]._plan_for(self)
        return result

    def _on_complaint_closed(self):
        result = super()._on_complaint_closed()
        self.env["complaint.callback"]._plan_for(self)
        return result

    def _on_complaint_phase_deadlines_moved(self, phase):
        result = super()._on_complaint_phase_deadlines_moved(phase)
        if phase == "callback" and self:
            # sudo: the planned callbacks of these complaints follow their deadline, whoever
            # moved it (callbacks are the system's)
            callbacks = (
                self.env["complaint.callback"]
                .sudo()
                .search([("ticket_id", "in", self.ids), ("state", "=", "planned")])
            )
            callbacks._apply_timed_due_dates()
        return result

    def _on_callback_dissatisfied(self, callback, comment):
        """Reopen to the lead unit as a re-handling order; a second dissatisfaction escalates
        to the unit's manager and flags the complaint."""
        self.ensure_one()
        count = self.complaint_dissatisfied_count + 1
        self.write({"complaint_dissatisfied_count": count})
        reason = self.env._(
            "Re-handling: the complainant is dissatisfied (callback of %(date)s). %(comment)s",
            date=fields.Date.to_string(fields.Date.context_today(self)),
            comment=comment,
        )
        if self.complaint_phase in ("closed", "replied"):
            self._reopen_complaint(reason)
        if count >= 2:
            manager = self.team_id.parent_id.user_id or self.team_id.user_id
            self._complaint_set_flag(
                self.env._("The complainant is dissatisfied again. %(comment)s", comment=comment)
            )
            if manager:
                self.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=self.env._("Complainant dissatisfied again: supervise re-handling"),
                    note=comment,
                )

    def action_view_callbacks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Callbacks"),
            "res_model": "complaint.callback",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id},
        }

"""A planned callback (回访) of a complaint: by survey link, or by an agent on the phone filling
the same survey; attempts are recorded, an unreachable complainant gets a notice."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.sampling import sample_reason
from .survey_question_answer import SATISFACTION

SAMPLE_REASONS = [
    ("major", "Major complaint"),
    ("flagged", "Flagged supervision"),
    ("collective", "Collective complaint"),
    ("repeat", "Repeat complaint"),
    ("unit_sample", "Unit's random sample"),
    ("supervisor_sample", "Supervisor's random sample"),
    ("manual", "Planned by hand"),
    ("rehandling", "After re-handling"),
]


def weekdays_between(start, end):
    """Working days (Monday–Friday) from ``start`` to ``end``, both datetimes."""
    days = 0
    current = start.date()
    while current < end.date():
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


class ComplaintCallback(models.Model):
    _name = "complaint.callback"
    _description = "Complaint Callback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_complaint", "=", True)],
    )
    number = fields.Char(related="ticket_id.number")
    team_id = fields.Many2one(related="ticket_id.team_id", store=True, string="Unit")
    category_id = fields.Many2one(related="ticket_id.category_id", store=True)
    date_due = fields.Date(string="Due", required=True, index=True)
    channel = fields.Selection(
        [("link", "Survey link"), ("agent", "Agent call")], required=True, default="agent"
    )
    sampled_because = fields.Selection(SAMPLE_REASONS, default="manual", readonly=True)
    round = fields.Integer(
        readonly=True, help="Handling round of the complaint (reopen count) this callback follows."
    )
    user_id = fields.Many2one("res.users", string="Agent", tracking=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    first_attempt_at = fields.Datetime(readonly=True)
    last_attempt_at = fields.Datetime(readonly=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    survey_id = fields.Many2one("survey.survey", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    survey_url = fields.Char(compute="_compute_survey_url")
    result = fields.Selection(SATISFACTION, readonly=True, tracking=True)
    answered_at = fields.Datetime(readonly=True)
    answered_by = fields.Selection(
        [("complainant", "Complainant (link)"), ("agent", "Agent")], readonly=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    def _compute_survey_url(self):
        base = self.get_base_url()
        for callback in self:
            # sudo: the token link is what the complainant gets; officers may pass it on
            user_input = callback.sudo().user_input_id
            callback.survey_url = f"{base}{user_input.get_start_url()}" if user_input else False

    # ------------------------------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------------------------------

    @api.model
    def _get_param(self, key, default):
        return self.env["helpdesk.ticket"]._get_complaint_param(key, default)

    @api.model
    def _get_survey(self, category=None):
        survey = category.callback_survey_id if category else False
        if not survey:
            survey_id = self._get_param("callback_survey_id", 0)
            survey = self.env["survey.survey"].sudo().browse(survey_id).exists()
        if not survey:
            survey = self.env.ref("complaint_survey.survey_complaint_callback", False)
        return survey

    @api.model
    def _plan_for(self, tickets, reason=None):
        """Plan the callbacks that sampling asks for; at most one per complaint and round."""
        seed = self._get_param("callback_seed", 0)
        unit_share = self._get_param("callback_unit_share_pct", 20) / 100
        supervisor_share = self._get_param("callback_supervisor_share_pct", 10) / 100
        default_days = self._get_param("callback_days", 7)
        existing = {
            (cb.ticket_id.id, cb.round)
            for cb in self.sudo().search([("ticket_id", "in", tickets.ids)])
        }
        vals_list = []
        today = fields.Date.context_today(self)
        for ticket in tickets.sudo():
            if (ticket.id, ticket.reopen_count) in existing or ticket.is_anonymous:
                continue
            why = reason or sample_reason(
                {
                    "id": ticket.id,
                    "major": ticket.severity == "major",
                    "flagged": ticket.is_flagged,
                    "collective": ticket.is_collective or bool(ticket.collective_parent_id),
                    "repeat": ticket.is_repeat,
                },
                seed,
                unit_share,
                supervisor_share,
            )
            if not why:
                continue
            days = ticket.category_id.callback_days or default_days
            has_email = bool(ticket.partner_email or ticket.partner_id.email)
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "date_due": today + timedelta(days=days),
                    "channel": "link" if has_email else "agent",
                    "sampled_because": why,
                    "round": ticket.reopen_count,
                    "survey_id": self._get_survey(ticket.category_id).id,
                }
            )
        callbacks = self.sudo().create(vals_list)
        callbacks._create_survey_answers()
        callbacks.filtered(lambda c: c.channel == "link")._send_link()
        return callbacks

    def _create_survey_answers(self):
        for callback in self.filtered(lambda c: c.survey_id and not c.user_input_id):
            ticket = callback.ticket_id.sudo()
            # sudo: tokens are created for the complainant, who has no account of their own
            user_input = callback.survey_id.sudo()._create_answer(
                partner=ticket.partner_id,
                email=ticket.partner_email,
                check_attempts=False,
                complaint_callback_id=callback.id,
            )
            callback.user_input_id = user_input

    def _send_link(self):
        template = self.env.ref(
            "complaint_survey.mail_template_callback_link", raise_if_not_found=False
        )
        if template and self:
            # queued, sent by the mail cron
            template.sudo().send_mail_batch(self.ids, force_send=False)

    # ------------------------------------------------------------------------------------------
    # Agent calls
    # ------------------------------------------------------------------------------------------

    def action_start_call(self):
        """Open the callback survey to fill it for the complainant during the call."""
        self.ensure_one()
        if self.state != "planned":
            raise UserError(self.env._("This callback is no longer planned."))
        self._create_survey_answers()
        self.write({"user_id": self.env.uid, "answered_by": "agent"})
        return {"type": "ir.actions.act_url", "url": self.survey_url, "target": "new"}

    def action_no_answer(self):
        """Record an unsuccessful attempt; after the configured attempts over the configured
        working days, the callback closes as unreachable with a notice."""
        max_attempts = self._get_param("callback_max_attempts", 3)
        unreachable_days = self._get_param("callback_unreachable_days", 2)
        now = fields.Datetime.now()
        for callback in self.filtered(lambda c: c.state == "planned"):
            callback.write(
                {
                    "attempt_count": callback.attempt_count + 1,
                    "first_attempt_at": callback.first_attempt_at or now,
                    "last_attempt_at": now,
                }
            )
            callback.message_post(
                body=self.env._("Attempt %(count)s: no answer.", count=callback.attempt_count),
                subtype_xmlid="mail.mt_note",
            )
            if (
                callback.attempt_count >= max_attempts
                and weekdays_between(callback.first_attempt_at, now) >= unreachable_days
            ):
                callback._close_unreachable()

    def _close_unreachable(self):
        self.write({"state": "unreachable"})
        template = self.env.ref(
            "complaint_survey.mail_template_callback_unreachable", raise_if_not_found=False
        )
        for callback in self:
            ticket = callback.ticket_id
            # sudo: the notice goes to the complainant, whose identity the agent may not read
            if template and (ticket.sudo().partner_email or ticket.sudo().partner_id.email):
                template.sudo().send_mail(callback.id, force_send=False)
            ticket.message_post(
                body=self.env._(
                    "Callback closed: the complainant could not be reached after %(count)s "
                    "attempts; a notice was sent.",
                    count=callback.attempt_count,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        self.write({"state": "cancelled"})

    # ------------------------------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------------------------------

    def _record_answer(self):
        """Store the survey's results on the complaint; dissatisfied → re-handling."""
        for callback in self:
            user_input = callback.user_input_id
            results = user_input._get_complaint_results()
            overall = results.get("overall")
            answered_by = callback.answered_by or (
                "agent"
                if user_input.create_uid and not user_input.create_uid.share
                else "complainant"
            )
            if self.env.user._is_public() or self.env.user.share:
                answered_by = "complainant"
            callback.write(
                {
                    "state": "done",
                    "result": overall,
                    "answered_at": fields.Datetime.now(),
                    "answered_by": answered_by,
                }
            )
            ticket = callback.ticket_id.sudo()
            ticket.write(
                {
                    "satisfaction": overall,
                    "satisfaction_attitude": results.get("attitude"),
                    "satisfaction_efficiency": results.get("efficiency"),
                    "satisfaction_result": results.get("result"),
                    "satisfaction_comment": results.get("comment"),
                    "satisfaction_date": fields.Datetime.now(),
                    "satisfaction_by": answered_by,
                }
            )
            if overall == "dissatisfied":
                ticket._on_callback_dissatisfied(callback, results.get("comment") or "")

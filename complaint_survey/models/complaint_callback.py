"""A planned callback (回访) of a complaint: by survey link, or by an agent on the phone filling
the same survey; attempts are recorded, an unreachable complainant gets a notice."""

import uuid
from collections import defaultdict
from datetime import datetime, time, timedelta

from pytz import timezone, utc

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
    # the link answers the survey as the complainant: handlers of the unit must not get it
    survey_url = fields.Char(
        compute="_compute_survey_url", groups="complaint_management.group_complaint_officer"
    )
    result = fields.Selection(SATISFACTION, readonly=True, tracking=True)
    answered_at = fields.Datetime(readonly=True)
    answered_by = fields.Selection(
        [("complainant", "Complainant (link)"), ("agent", "Agent")], readonly=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    def _compute_survey_url(self):
        for callback in self:
            base = callback.get_base_url()
            # sudo: the token link is what the complainant gets; officers may pass it on
            user_input = callback.sudo().user_input_id
            # sudo: the number is part of the link, whoever may read the callback
            callback.survey_url = (
                f"{base}/complaint/survey/{callback.ticket_id.sudo().number}/"
                f"{user_input.access_token}"
                if user_input and callback.ticket_id.sudo().number
                else False
            )

    # ------------------------------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------------------------------

    @api.model
    def _get_param(self, key, default):
        return self.env["helpdesk.ticket"]._get_complaint_param(key, default)

    @api.model
    def _get_survey(self, category=None):
        survey = category.complaint_callback_survey_id if category else False
        if not survey:
            survey_id = self._get_param("callback_survey_id", 0)
            # sudo: the survey chosen in the settings, whoever plans (surveys are the survey app's)
            survey = self.env["survey.survey"].sudo().browse(survey_id).exists()
        if not survey:
            survey = self.env.ref("complaint_survey.survey_complaint_callback", False)
        return survey

    @api.model
    def _get_working_calendar(self, ticket):
        """The unit's working calendar, else its company's."""
        return (
            ticket.team_id.complaint_calendar_id
            or ticket.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    @api.model
    def _get_due_date(self, calendar, day, days):
        """The day a callback promised within ``days`` days of ``day`` is due (SPEC §6,
        calendar days): the ``days``-th day after ``day`` (which is not counted); when that
        day has no working time on ``calendar`` (a public holiday, a weekend that is not a
        make-up working day), the next day that has. Where a deadline rule times callbacks
        (complaint_sla), its deadline is the due date instead (``_apply_timed_due_dates``)."""
        due = day + timedelta(days=days)
        if not calendar:
            return due
        tz = timezone(calendar.tz or "UTC")
        begin = tz.localize(datetime.combine(due, time.min))
        # the longest public holidays with their weekends are well within a month
        intervals = calendar._work_intervals_batch(begin, begin + timedelta(days=31), tz=tz)[False]
        return min((start.astimezone(tz).date() for start, _end, _meta in intervals), default=due)

    @api.model
    def _get_local_today(self, calendar):
        """Today in ``calendar``'s time zone (the day a deadline rule counts from), else the
        user's."""
        if not calendar:
            return fields.Date.context_today(self)
        return fields.Date.context_today(self.with_context(tz=calendar.tz or "UTC"))

    def _apply_timed_due_dates(self):
        """One promise, one date: where an addon times callbacks by deadline rules
        (complaint_sla's callback clock), the due date of these planned callbacks is the day
        of their complaint's callback deadline."""
        planned = self.filtered(lambda c: c.state == "planned")
        due_dates = planned.ticket_id._get_complaint_phase_due_dates("callback")
        moved = defaultdict(list)
        for callback in planned:
            day = due_dates.get(callback.ticket_id.id)
            if day and day != callback.date_due:
                moved[day].append(callback.id)
        for day, ids in moved.items():
            # sudo: the due date follows the deadline, whoever moved it; callbacks are the
            # system's
            self.browse(ids).sudo().write({"date_due": day})

    @api.model
    def _get_working_days(self, calendar, start, end):
        """Working days of ``calendar`` after the day of ``start`` up to the day of ``end``
        (naive UTC datetimes), days in the calendar's time zone."""
        tz = timezone(calendar.tz or "UTC") if calendar else utc
        first = utc.localize(start).astimezone(tz).date() + timedelta(days=1)
        last = utc.localize(end).astimezone(tz).date()
        if first > last:
            return 0
        if not calendar:
            return (last - first).days + 1
        intervals = calendar._work_intervals_batch(
            tz.localize(datetime.combine(first, time.min)),
            tz.localize(datetime.combine(last, time.max)),
        )[False]
        return len({begin.date() for begin, _end, _meta in intervals})

    @api.model
    def _plan_for(self, tickets, reason=None):
        """Plan the callbacks that sampling asks for; at most one per complaint and round."""
        seed = self._get_param("callback_seed", 0)
        unit_share = self._get_param("callback_unit_share_pct", 20) / 100
        supervisor_share = self._get_param("callback_supervisor_share_pct", 10) / 100
        default_days = self._get_param("callback_days", 7)
        # sudo: planning runs whoever closes the complaint; callbacks and sampling facts of every
        # unit count, and callbacks are created by the system only
        existing = {
            (cb.ticket_id.id, cb.round)
            for cb in self.sudo().search([("ticket_id", "in", tickets.ids)])
        }
        vals_list = []
        due_dates = {}  # (calendar, days): the same for every complaint planned now
        for ticket in tickets.sudo():  # sudo: see above
            done = (ticket.id, ticket.complaint_reopen_count) in existing
            if done or ticket.complaint_is_anonymous:
                continue
            facts = {
                "id": ticket.id,
                "major": ticket.complaint_severity == "major",
                "flagged": ticket.complaint_is_flagged,
                "collective": ticket._meets_criterion("complaint_is_collective"),
                "repeat": ticket.complaint_is_repeat,
            }
            why = reason or sample_reason(facts, seed, unit_share, supervisor_share)
            if not why:
                continue
            days = ticket.category_id.complaint_callback_days or default_days
            calendar = self._get_working_calendar(ticket)
            if (calendar, days) not in due_dates:
                due_dates[calendar, days] = self._get_due_date(
                    calendar, self._get_local_today(calendar), days
                )
            vals_list.append(self._prepare_callback_values(ticket, why, due_dates[calendar, days]))
        callbacks = self.sudo().create(vals_list)  # sudo: see above
        callbacks._create_survey_answers()
        if callbacks:
            # the callback's deadline clock, where an addon times it (complaint_sla), whose
            # deadline is then the due date
            callbacks.ticket_id._on_complaint_phase_event("callback_planned")
            callbacks._apply_timed_due_dates()
        callbacks.filtered(lambda c: c.channel == "link")._send_link()
        return callbacks

    @api.model
    def _prepare_callback_values(self, ticket, why, date_due):
        """create() values of the callback of ``ticket`` sampled because ``why``: by survey
        link when the complainant can get one (e-mail, or SMS with Odoo's SMS app), else by an
        agent; due on ``date_due`` unless a deadline rule times it (_apply_timed_due_dates)."""
        # sudo: whether the complainant can be reached, not how
        complainant = ticket.sudo().complainant_id
        has_email = bool(complainant.email)
        has_phone = bool(complainant.phone)
        return {
            "ticket_id": ticket.id,
            "date_due": date_due,
            "channel": "link" if has_email or (has_phone and self._sms_available()) else "agent",
            "sampled_because": why,
            "round": ticket.complaint_reopen_count,
            "survey_id": self._get_survey(ticket.category_id).id,
        }

    def _create_survey_answers(self):
        for callback in self.filtered(lambda c: c.survey_id and not c.user_input_id):
            # sudo: the complainant's partner is confidential; it only becomes the respondent
            ticket = callback.ticket_id.sudo()
            # sudo: tokens are created for the complainant, who has no account of their own.
            # The invite token is the callback's own: the survey's one-attempt limit then holds
            # per callback, not per complainant (who may have several complaints).
            # no e-mail on the answer, and a contact only when the complainant has an account
            # (the survey app requires it of a logged-in respondent): survey users read answers
            user_input = callback.survey_id.sudo()._create_answer(
                partner=ticket.complainant_id.partner_id.filtered("user_ids"),
                check_attempts=False,
                complaint_callback_id=callback.id,
                invite_token=str(uuid.uuid4()),
            )
            callback.user_input_id = user_input

    def _send_link(self):
        """Send the survey link by e-mail, or by SMS to a complainant without an address when
        Odoo's SMS app is installed (the link whole: a link tracker's short link would keep it
        where every employee reads it)."""
        template = self.env.ref(
            "complaint_survey.mail_template_callback_link", raise_if_not_found=False
        )
        # sudo: the complainant's contact fields are hidden from some users who plan callbacks
        by_mail = self.filtered(lambda c: c.ticket_id.sudo().complainant_id.email)
        if template and by_mail:
            by_mail._mail_complainant(template)
        (self - by_mail)._send_link_sms()

    def _mail_complainant(self, template):
        """Queue ``template`` to each callback's complainant, not linked to the callback (its
        readers would read the address and the link) and note it on the complaint."""
        # sudo: rendering reads the complainant's address and survey link
        mails = template.sudo().send_mail_batch(
            self.ids,
            force_send=False,
            # the values of every mail to a complainant (unlinked, the complaint address as
            # Reply-To when the mail gateway registers complaints)
            email_values=self.env["helpdesk.ticket"]._get_complaint_mail_values(),
        )
        # a reply to the invitation finds its complaint by the Message-Id it answers
        self.env["complaint.mail.reference"]._remember([c.ticket_id for c in self], mails)
        for callback in self:
            callback.ticket_id._message_log(
                body=self.env._(
                    "E-mail sent to the complainant: %(subject)s", subject=template.name
                )
            )

    @api.model
    def _sms_available(self):
        return "sms.sms" in self.env

    def _send_link_sms(self):
        if not self._sms_available():
            return
        for callback in self.filtered("survey_url"):
            # sudo: the complainant's phone is confidential; it is used only to send the SMS
            ticket = callback.ticket_id.sudo()
            complainant = ticket.complainant_id
            phone = complainant.phone or complainant.partner_id.phone
            if not phone:
                continue
            lang = complainant.partner_id.lang or self.env.lang
            body = callback.with_context(lang=lang).env._(
                "%(number)s: please tell us how satisfied you are with the handling of your "
                "complaint: %(url)s",
                number=ticket.number,
                url=callback.survey_url,
            )
            # sudo: the SMS queue is not readable by complaint users; sent by the SMS cron
            self.env["sms.sms"].sudo().create(
                {"number": phone, "body": body, "partner_id": complainant.partner_id.id}
            )
            ticket.message_post(
                body=self.env._("Satisfaction survey link sent by SMS."),
                subtype_xmlid="mail.mt_note",
            )

    def action_start_call(self):
        """Open the callback survey to fill it for the complainant during the call: an answer
        of the agent's own, so the complainant's link stays theirs (and is refused once the
        agent's answer closes the callback)."""
        self.ensure_one()
        if self.state != "planned":
            raise UserError(self.env._("This callback is no longer planned."))
        self._create_survey_answers()
        # sudo: answers are survey records the agent creates through the survey app's rules
        answers = self.env["survey.user_input"].sudo()
        user_input = answers.search(
            [
                ("complaint_callback_id", "=", self.id),
                ("partner_id", "=", self.env.user.partner_id.id),
                ("state", "!=", "done"),
            ],
            limit=1,
        ) or self.survey_id.sudo()._create_answer(  # sudo: see above
            user=self.env.user,
            check_attempts=False,
            complaint_callback_id=self.id,
            invite_token=self.user_input_id.sudo().invite_token,  # sudo: the callback's token
        )
        self.write({"user_id": self.env.uid})
        return {
            "type": "ir.actions.act_url",
            "url": f"{self.get_base_url()}{user_input.get_start_url()}",
            "target": "new",
        }

    def action_no_answer(self):
        """Record an unsuccessful attempt; once the configured attempts are made and the time
        given to reach the complainant is over (``_get_unreachable``), the callback closes as
        unreachable with a notice."""
        now = fields.Datetime.now()
        planned = self.filtered(lambda c: c.state == "planned")
        for callback in planned:
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
        # the first failed attempt starts the unreachable clock, where an addon times it
        planned.ticket_id._on_complaint_phase_event("callback_attempt_failed", when=now)
        planned._get_unreachable(now)._close_unreachable()

    def _get_unreachable(self, now):
        """Those of these callbacks whose complainant counts as unreachable at ``now``: the
        configured attempts made (a count, whoever times the phase), and the time given over.
        One promise, one number: where an addon times the phase "unreachable" by deadline
        rules (complaint_sla's clock, started at the first failed attempt), from its deadline
        on; elsewhere once the configured working days after the day of the first attempt
        have passed on the unit's calendar (else the company's)."""
        max_attempts = self._get_param("callback_max_attempts", 3)
        tried = self.filtered(lambda c: c.attempt_count >= max_attempts)
        if not tried:
            return tried
        deadlines = tried.ticket_id._get_complaint_phase_deadlines("unreachable")
        days = self._get_param("callback_unreachable_days", 2)

        def time_over(callback):
            deadline = deadlines.get(callback.ticket_id.id)
            if deadline:
                return now >= deadline
            calendar = self._get_working_calendar(callback.ticket_id)
            return self._get_working_days(calendar, callback.first_attempt_at, now) >= days

        return tried.filtered(time_over)

    def _close_unreachable(self):
        self.write({"state": "unreachable"})
        self.ticket_id._on_complaint_phase_event("callback_done")
        template = self.env.ref(
            "complaint_survey.mail_template_callback_unreachable", raise_if_not_found=False
        )
        for callback in self:
            ticket = callback.ticket_id
            # sudo: the notice goes to the complainant, whose identity the agent may not read
            if template and ticket.sudo().complainant_id.email:
                callback._mail_complainant(template)
            ticket.message_post(
                body=self.env._(
                    "Callback closed: the complainant could not be reached after %(count)s "
                    "attempts; a notice was sent.",
                    count=callback.attempt_count,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        planned = self.filtered(lambda c: c.state == "planned")
        self.write({"state": "cancelled"})
        planned.ticket_id._on_complaint_phase_event("callback_done")

    # ------------------------------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------------------------------

    def _record_answer(self, user_input):
        """Store a finished survey answer on the complaint; dissatisfied → re-handling."""
        results = user_input._get_complaint_results()
        overall = results.get("overall")
        for callback in self:
            answered_by = "complainant" if user_input == callback.user_input_id else "agent"
            callback.write(
                {
                    "state": "done",
                    "result": overall,
                    "answered_at": fields.Datetime.now(),
                    "answered_by": answered_by,
                }
            )
            callback.ticket_id._on_complaint_phase_event("callback_done")
            # sudo: the answer comes from the complainant (public) or an agent of any unit;
            # the satisfaction fields are the procedure's
            ticket = callback.ticket_id.sudo()
            ticket.write(
                {
                    "complaint_satisfaction": overall,
                    "complaint_satisfaction_attitude": results.get("attitude"),
                    "complaint_satisfaction_efficiency": results.get("efficiency"),
                    "complaint_satisfaction_result": results.get("result"),
                    "complaint_satisfaction_comment": results.get("comment"),
                    "complaint_satisfaction_date": fields.Datetime.now(),
                    "complaint_satisfaction_by": answered_by,
                }
            )
            if overall == "dissatisfied":
                ticket._on_callback_dissatisfied(callback, results.get("comment") or "")

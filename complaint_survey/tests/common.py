"""Fixtures for complaint_survey tests: a replied complaint and ways to answer its survey; a
fixed Asia/Shanghai calendar (Mon–Fri 9–12, 13–18) with the 2026 National Day holidays
(1–7 October) as a global leave; a way to run as without an addon timing callbacks."""

from odoo.addons.complaint_management.tests.common import ComplaintCase, utc


class CallbackCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("complaint_survey.survey_complaint_callback")
        cls.partner = cls.env["res.partner"].create(
            {"name": "张伟", "email": "zhang.wei@example.com"}
        )
        cls.leader = cls.env["res.users"].browse(cls.officer.id)
        cls.parent_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Region North", "user_id": cls.manager.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Branch Haidian",
                "parent_id": cls.parent_team.id,
                "user_id": cls.officer.id,
                "user_ids": [(6, 0, [cls.handler.id])],
            }
        )
        cls.category = cls.env.ref("complaint_management.cat_service_delay")
        cls._set_param("callback_unit_share_pct", "0")
        cls._set_param("callback_supervisor_share_pct", "0")
        cls.calendar = cls._create_shanghai_calendar()

    def _as_if_alone(self):
        """As without an addon that times callbacks (complaint_sla): its hooks answer as
        complaint_management's, and the callbacks' own settings apply (due date, unreachable
        days)."""
        Ticket = type(self.env["helpdesk.ticket"])
        self.patch(Ticket, "_is_complaint_phase_timed", lambda _self, _phase: False)
        self.patch(Ticket, "_get_complaint_phase_due_dates", lambda _self, _phase: {})
        self.patch(Ticket, "_get_complaint_phase_deadlines", lambda _self, _phase: {})

    @classmethod
    def _holiday(cls, calendar, day, name="Public holiday"):
        """``day`` ('2027-01-01') off on ``calendar``, all day in Shanghai time."""
        return cls.env["resource.calendar.leaves"].create(
            {
                "name": name,
                "calendar_id": calendar.id,
                "date_from": utc(f"{day} 00:00"),
                "date_to": utc(f"{day} 23:59"),
                "time_type": "leave",
            }
        )

    @classmethod
    def _set_param(cls, key, value):
        cls.env["ir.config_parameter"].sudo().set_param(f"complaint_management.{key}", value)

    def _complaint(self, **vals):
        values = {
            "name": "Repair delayed",
            "description": "<p>The repair was promised for Monday.</p>",
            "is_complaint": True,
            "partner_id": self.partner.id,
            "partner_email": self.partner.email,
            "category_id": self.category.id,
            "team_id": self.team.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def _reply(self, ticket):
        wizard = self.env["complaint.reply.wizard"].create(
            {"ticket_id": ticket.id, "method": "email", "body": "<p>Fixed on Tuesday.</p>"}
        )
        wizard.action_reply()

    def _answer(self, callback, overall, comment="", **dimensions):
        """Fill the callback survey as the complainant would, then finish it."""
        user_input = callback.user_input_id
        for question in self.survey.question_ids:
            dimension = question.complaint_dimension
            level = overall if dimension == "overall" else dimensions.get(dimension)
            if question.question_type == "simple_choice" and level:
                answer = question.suggested_answer_ids.filtered(
                    lambda a, lv=level: a.complaint_satisfaction == lv
                )
                user_input._save_lines(question, answer.id)
            elif dimension == "comment" and comment:
                user_input._save_lines(question, comment)
        user_input._mark_done()

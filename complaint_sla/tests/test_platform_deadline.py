"""An external platform's deadline runs as a second clock beside ours: never paused by our
waiting stage, breached and escalated like ours, met by the reply; an approved extension is
queued for the platform with the new deadline."""

import json

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import SlaCase, utc


@tagged("post_install", "-at_install")
class TestPlatformDeadline(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        bot = new_test_user(
            cls.env,
            login="sla_platform_bot",
            groups="complaint_management.group_complaint_integration",
        )
        cls.platform = cls.env["complaint.platform"].create(
            {
                "name": "12345",
                "code": "sla12345",
                "integration_user_id": bot.id,
                "tz": "Asia/Shanghai",
            }
        )
        # events are queued only for a platform with an endpoint; nothing is delivered here
        cls.platform.sudo().endpoint_url = "http://127.0.0.1:9/events"
        cls.bot = bot

    def _register(self, when, deadline, ref="WO-1"):
        payload = {
            "external_ref": ref,
            "title": "停水",
            "description": "周一起停水",
            "deadline": deadline,
            "complainant": {"phone": "+86 138 0000 2222"},
        }
        with freeze_time(utc(when)):
            answer = (
                self.env["helpdesk.ticket"]
                .with_user(self.bot)
                .complaint_register_from_platform("sla12345", payload)
            )
        ticket = self.env["helpdesk.ticket"].browse(answer["id"])
        with freeze_time(utc(when)):
            ticket.with_user(self.manager).write({"team_id": self.team.id})
            ticket.action_accept()
        return ticket

    def test_platform_deadline_is_a_second_clock_not_paused_by_waiting(self):
        ticket = self._register("2026-09-21 09:00", "2026-09-24 12:00")
        clock = self._clock(ticket, "platform")
        self.assertEqual(clock.deadline, utc("2026-09-24 12:00"))
        self.assertEqual(clock.start, utc("2026-09-21 09:00"))
        self.assertTrue(self._clock(ticket, "resolution"), "our own deadline runs too")
        self.assertEqual(clock._phase_label(), "Platform's deadline")
        waiting = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        with freeze_time(utc("2026-09-22 09:00")):
            ticket.action_start()
            ticket.stage_id = waiting
        self.assertEqual(self._clock(ticket, "resolution").state, "paused")
        self.assertEqual(clock.state, "running", "the platform does not wait with us")
        self._run_cron("2026-09-24 12:01")
        self.assertEqual(clock.state, "breached")
        self.assertEqual(ticket.complaint_sla_state, "overdue")

    def test_reply_meets_the_platform_deadline(self):
        ticket = self._register("2026-09-21 09:00", "2026-09-24 12:00")
        with freeze_time(utc("2026-09-23 10:00")):
            ticket.action_start()
            self.env["complaint.reply.wizard"].create(
                {"ticket_id": ticket.id, "method": "phone", "body": "<p>已恢复供水</p>"}
            ).action_reply()
        clock = self._clock(ticket, "platform")
        self.assertEqual(clock.state, "met")
        self.assertFalse(clock.next_check_at)

    def test_approved_extension_is_queued_for_the_platform_with_the_new_deadline(self):
        ticket = self._register("2026-09-21 09:00", "2026-11-30 12:00")
        with freeze_time(utc("2026-09-22 09:00")):
            extension = (
                self.env["complaint.extension"]
                .with_user(self.handler)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "requested_deadline": utc("2026-11-27 18:00"),
                        "reason": "Waiting for a spare part",
                    }
                )
            )
            extension.with_user(self.manager).action_approve()
        rows = ticket.sudo().complaint_outbox_ids.sorted("sequence")
        self.assertEqual(rows.mapped("event"), ["accepted", "extended"])
        document = json.loads(rows[-1].payload)
        self.assertEqual(document["data"], {"deadline": "2026-11-27T10:00:00Z"})
        # the platform's own deadline is theirs: our extension does not move it
        self.assertEqual(self._clock(ticket, "platform").deadline, utc("2026-11-30 12:00"))

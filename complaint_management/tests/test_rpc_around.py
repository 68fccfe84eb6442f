"""Attacks over RPC and HTTP on the records around a complaint (SPEC §9): its assisting tasks
(which decide who reads the complaint), its replies (the procedure's log, sent to platforms),
the complainant's files and the rejected mails with their senders."""

import base64

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

SECRET = b"From: zqaround@example.org\nSubject: my neighbour\n"


@tagged("post_install", "-at_install")
class TestRpcAroundTheComplaint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["helpdesk.ticket.team"]
        cls.lead_unit = Team.create({"name": "Around lead unit"})
        cls.assisting_unit = Team.create({"name": "Around assisting unit"})
        cls.other_unit = Team.create({"name": "Around other unit"})
        groups = "complaint_management.group_complaint_user"
        cls.lead = new_test_user(cls.env, login="around_lead", groups=groups)
        cls.assistant = new_test_user(cls.env, login="around_assistant", groups=groups)
        cls.lead_unit.user_ids = cls.lead
        cls.assisting_unit.user_ids = cls.assistant
        cls.officer = new_test_user(
            cls.env, login="around_officer", groups="complaint_management.group_complaint_officer"
        )
        cls.employee = new_test_user(cls.env, login="around_employee", groups="base.group_user")
        Ticket = cls.env["helpdesk.ticket"].with_user(cls.officer)
        cls.mine, cls.theirs = (
            Ticket.create(
                [
                    {
                        "name": f"Leaking roof {i}",
                        "description": "<p>Water in the stairwell.</p>",
                        "is_complaint": True,
                        "team_id": unit.id,
                        "complainant_name": f"Zqaround {i}",
                        "complainant_email": f"zqaround{i}@example.org",
                        "complaint_received_date": "2027-04-01 09:00:00",
                    }
                    for i in range(2)
                ]
            )
            for unit in (cls.lead_unit, cls.other_unit)
        )
        (cls.mine | cls.theirs).action_accept()
        cls.tasks = (
            cls.env["complaint.assist.task"]
            .with_user(cls.officer)
            .create(
                [{"ticket_id": ticket.id, "team_id": cls.assisting_unit.id} for ticket in cls.mine]
            )
        )

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException, msg=f"{model}.{method}{args}"):
            self._call(model, method, *args, **kwargs)

    def _denied(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException, msg=f"{model}.{method}{args}") as caught:
            self._call(model, method, *args, **kwargs)
        # refused for who calls (a guard of the procedure says why), not for the values
        self.assertIn(
            str(caught.exception), ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
        )

    def _readable(self, tickets):
        rows = self._call("helpdesk.ticket", "search_read", [("id", "in", tickets.ids)], ["name"])
        return {row["id"] for row in rows}

    def test_an_assisting_task_does_not_open_other_complaints(self):
        """The task's complaint, unit and state decide who reads the complaint: the assisting
        unit moving its task to another complaint, or reopening a cancelled one, would read
        any complaint."""
        self.tasks[1].with_user(self.officer).action_cancel()
        self.authenticate("around_assistant", "around_assistant")
        self.assertEqual(self._readable(self.mine | self.theirs), {self.mine[0].id})
        for task, vals in (
            (self.tasks[0], {"ticket_id": self.theirs[0].id}),
            (self.tasks[0], {"team_id": self.other_unit.id}),
            (self.tasks[1], {"state": "open"}),  # cancelled: no longer assisting
            (self.tasks[0], {"state": "done"}),  # done without its report
        ):
            self._refused("complaint.assist.task", "write", task.ids, vals)
        self.assertEqual(self._readable(self.mine | self.theirs), {self.mine[0].id})
        self.assertEqual(self.tasks.mapped("state"), ["open", "cancelled"])
        self.assertEqual(self.tasks.ticket_id, self.mine)
        # the assisting unit reports as the procedure says, the lead unit plans the task
        self._call("complaint.assist.task", "write", self.tasks.ids, {"report": "Gutter"})
        self._call("complaint.assist.task", "action_done", self.tasks[:1].ids)
        self._refused("complaint.assist.task", "action_done", self.tasks[1:].ids)
        self.assertEqual(self.tasks[0].state, "done")
        self.authenticate("around_lead", "around_lead")
        self._call(
            "complaint.assist.task",
            "write",
            self.tasks.ids,
            {"user_id": self.assistant.id, "date_deadline": "2027-04-09"},
        )
        self._refused("complaint.assist.task", "write", self.tasks.ids, {"ticket_id": False})
        self.assertEqual(self.tasks.user_id, self.assistant)
        # an officer moves a task to another unit
        self.authenticate("around_officer", "around_officer")
        self._call(
            "complaint.assist.task", "write", self.tasks[1:].ids, {"team_id": self.other_unit.id}
        )
        self.assertEqual(self.tasks[1].team_id, self.other_unit)

    def test_a_reply_is_logged_by_the_reply_dialog_only(self):
        """The replies are the procedure's log (their last one is what a platform receives):
        a handler writes one through the dialog, which sends it, never by create()."""
        self.authenticate("around_lead", "around_lead")
        for ticket in self.mine:
            self._refused(
                "complaint.reply",
                "create",
                [
                    {
                        "ticket_id": ticket.id,
                        "method": "visit",
                        "date": "2027-05-01 09:00:00",
                        "body": "<p>Forged: the complainant withdrew.</p>",
                        "user_id": self.officer.id,
                    }
                ],
            )
        self.assertFalse(self.mine.complaint_reply_ids)
        self._call("helpdesk.ticket", "action_start", self.mine.ids)
        for ticket in self.mine:
            wizard_id = self._call(
                "complaint.reply.wizard",
                "create",
                [{"ticket_id": ticket.id, "method": "phone", "body": "<p>Roof repaired.</p>"}],
            )
            self._call("complaint.reply.wizard", "action_reply", wizard_id)
        self.assertEqual(self.mine.complaint_reply_ids.user_id, self.lead)
        self.assertEqual(self.mine.mapped("complaint_phase"), ["replied", "replied"])
        rows = self._call(
            "complaint.reply", "search_read", [("ticket_id", "in", self.mine.ids)], ["method"]
        )
        self.assertEqual([row["method"] for row in rows], ["phone", "phone"])

    def test_the_complainants_files_and_rejected_mails_stay_with_officers(self):
        """The mail as received (kept on the complainant record) and a rejected mail with its
        sender and files: no handler or employee reaches them by id, search or download."""
        complainant = self.mine[0].sudo().complainant_id
        rejected = (
            self.env["complaint.mail.rejected"]
            .sudo()
            .create(
                {
                    "name": "About my neighbour",
                    "email_from": "zqaround@example.org",
                    "reason": "other_sender",
                    "error": "Not the complainant",
                    "ticket_id": self.mine[0].id,
                }
            )
        )
        rejected.message_post(body="Original mail", message_type="email")
        files = self.env["ir.attachment"].create(
            [
                {
                    "name": "mail.txt",
                    "datas": base64.b64encode(SECRET),
                    "res_model": record._name,
                    "res_id": record.id,
                }
                for record in (complainant, rejected)
            ]
        )
        hidden = [
            ("complaint.complainant", complainant.ids),
            ("complaint.mail.rejected", rejected.ids),
            ("ir.attachment", files.ids),
        ]
        for login in ("around_lead", "around_employee"):
            self.authenticate(login, login)
            for model, ids in hidden:
                self._refused(model, "read", ids, ["display_name"])
            self.assertEqual(
                self._call(
                    "ir.attachment",
                    "search_read",
                    [("id", "in", files.ids)],
                    ["name"],
                ),
                [],
                login,
            )
            messages = self._call(
                "mail.message",
                "search_read",
                [("model", "=", "complaint.mail.rejected"), ("res_id", "=", rejected.id)],
                ["body"],
            )
            self.assertEqual(messages, [], login)
            for attachment in files:
                response = self.url_open(f"/web/content/{attachment.id}?download=true")
                self.assertIn(response.status_code, (403, 404), login)
                self.assertNotIn(b"zqaround", response.content)
        self.authenticate("around_officer", "around_officer")
        for attachment in files:
            response = self.url_open(f"/web/content/{attachment.id}?download=true")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.content, SECRET)

    def test_the_records_around_a_complaint_keep_to_their_roles(self):
        """Over call_kw, a handler of the lead unit and a plain employee: the officers' and
        system's records are not theirs to read, the logs (routing, replies, deadlines, flags,
        callbacks) not theirs to write, create or delete."""
        ticket_ids = self.mine.ids
        unreadable = [
            name
            for name in (
                "complaint.complainant",
                "complaint.outbox",
                "complaint.mail.reference",
                "complaint.mail.rejected",
                "complaint.submit.throttle",
                "complaint.clock.notice",
                "mail.mail",
                "sms.sms",
            )
            if name in self.env
        ]
        forged = [
            (name, vals)
            for name, vals in (
                ("complaint.assignment", {"kind": "reassign", "to_team_id": self.lead_unit.id}),
                ("complaint.flag", {"reason": "Forged"}),
                ("complaint.clock", {"kind": "handling"}),
                ("complaint.callback", {"date_due": "2027-04-20"}),
            )
            if name in self.env
        ]
        for login in ("around_lead", "around_employee"):
            self.authenticate(login, login)
            for name in unreadable:
                self._denied(name, "search_read", [], ["display_name"])
            for name, vals in forged:
                self._denied(name, "create", [dict(vals, ticket_id=ticket_ids[0])])
                rows = self.env[name].sudo().search([("ticket_id", "in", ticket_ids)])
                if rows:
                    self._denied(name, "write", rows.ids, {"ticket_id": ticket_ids[1]})
                    self._denied(name, "unlink", rows.ids)
        # the lead unit's handler reads the logs of its complaints
        self.authenticate("around_lead", "around_lead")
        rows = self._call(
            "complaint.assignment", "search_read", [("ticket_id", "in", ticket_ids)], ["kind"]
        )
        self.assertTrue(rows, "the routing log of the unit's complaints")

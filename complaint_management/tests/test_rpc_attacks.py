"""Attacks over RPC (SPEC §9): what a client sends to /web/dataset/call_kw or /json/2 cannot
read the complainant's identity by grouping or sorting on it, nor skip the procedure by sending
the context key the procedure's own writes carry."""

import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

PHONES = ("13977770001", "13977770002", "13977770003")


@tagged("post_install", "-at_install")
class TestRpcAttacks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["helpdesk.ticket.team"].create({"name": "Rpc unit"})
        cls.handler = new_test_user(
            cls.env, login="rpc_handler", groups="complaint_management.group_complaint_user"
        )
        cls.unit.user_ids = cls.handler
        cls.officer = new_test_user(
            cls.env, login="rpc_officer", groups="complaint_management.group_complaint_officer"
        )
        cls.tickets = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.officer)
            .create(
                [
                    {
                        "name": f"Noise at night {i}",
                        "description": "<p>Every night since May.</p>",
                        "is_complaint": True,
                        "team_id": cls.unit.id,
                        "complainant_name": f"Zqrpcname {i}",
                        "complainant_email": f"zqrpc{i}@example.org",
                        "complainant_phone": phone,
                        "complaint_received_date": "2027-03-01 09:00:00",
                    }
                    for i, phone in enumerate(PHONES)
                ]
            )
        )
        cls.tickets.with_user(cls.officer).action_accept()
        cls.tickets.with_user(cls.handler).action_start()

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_grouping_or_sorting_by_the_identity_is_refused_to_handlers(self):
        self.authenticate("rpc_handler", "rpc_handler")
        domain = [("id", "in", self.tickets.ids)]
        for fname in (
            "complainant_phone",
            "complainant_name",
            "complainant_email",
            "complainant_address",
            "complainant_partner_id",
            "complaint_tracking_code",
        ):
            with self.assertRaises(JsonRpcException, msg=f"group by {fname}"):
                self._call("helpdesk.ticket", "formatted_read_group", domain, [fname], ["__count"])
            with self.assertRaises(JsonRpcException, msg=f"order by {fname}"):
                self._call("helpdesk.ticket", "search_read", domain, ["number"], order=fname)
            with self.assertRaises(JsonRpcException, msg=f"kanban / list groups by {fname}"):
                self._call(
                    "helpdesk.ticket",
                    "web_read_group",
                    domain,
                    [fname],
                    ["__count"],
                )
        # through a model pointing to the complaint (the analysis view)
        with self.assertRaises(JsonRpcException):
            self._call(
                "complaint.report",
                "formatted_read_group",
                [("ticket_id", "in", self.tickets.ids)],
                ["ticket_id.complainant_phone"],
                ["__count"],
            )
        # the handler's ordinary grouping still works
        groups = self._call(
            "helpdesk.ticket", "formatted_read_group", domain, ["stage_id"], ["__count"]
        )
        self.assertEqual(sum(group["__count"] for group in groups), 3)

    def test_officers_group_by_the_identity(self):
        self.authenticate("rpc_officer", "rpc_officer")
        groups = self._call(
            "helpdesk.ticket",
            "formatted_read_group",
            [("id", "in", self.tickets.ids)],
            ["complainant_phone"],
            ["__count"],
        )
        self.assertEqual(sorted(group["complainant_phone"] for group in groups), list(PHONES))

    def test_helpdesk_rights_do_not_open_complaints(self):
        """helpdesk_mgmt's "all tickets" group, its team rule and its followers' rule give an
        employee plain tickets, never complaints beyond what the complaint groups allow."""
        plain = self.env["helpdesk.ticket"].create(
            {"name": "Printer jam", "description": "<p>Floor 3</p>", "team_id": self.unit.id}
        )
        other_unit = self.env["helpdesk.ticket.team"].create({"name": "Rpc other unit"})
        agent = new_test_user(
            self.env, login="rpc_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        # a handler of another unit who is also a helpdesk agent of every ticket
        agent_handler = new_test_user(
            self.env,
            login="rpc_agent_handler",
            groups="helpdesk_mgmt.group_helpdesk_user,complaint_management.group_complaint_user",
        )
        other_unit.user_ids = agent_handler
        # a team member of the complaints' unit without any complaint group
        teammate = new_test_user(
            self.env, login="rpc_teammate", groups="helpdesk_mgmt.group_helpdesk_user_team"
        )
        self.unit.user_ids |= teammate
        # an employee following a complaint
        follower = new_test_user(self.env, login="rpc_follower", groups="base.group_user")
        self.tickets[0].sudo().message_subscribe(partner_ids=follower.partner_id.ids)
        domain = [("id", "in", (self.tickets | plain).ids)]
        for login, user in (
            ("rpc_agent", agent),
            ("rpc_agent_handler", agent_handler),
            ("rpc_teammate", teammate),
            ("rpc_follower", follower),
        ):
            self.authenticate(login, login)
            rows = self._call("helpdesk.ticket", "search_read", domain, ["name"])
            seen = {row["id"] for row in rows}
            self.assertFalse(seen & set(self.tickets.ids), login)
            if user != follower:
                self.assertIn(plain.id, seen, f"{login} still works plain tickets")
            with self.assertRaises(JsonRpcException, msg=login):
                self._call("helpdesk.ticket", "read", self.tickets[:1].ids, ["name"])
        # the complaints' own handler and an officer still read them
        for login in ("rpc_handler", "rpc_officer"):
            self.authenticate(login, login)
            rows = self._call("helpdesk.ticket", "search_read", domain, ["name"])
            self.assertLessEqual(set(self.tickets.ids), {row["id"] for row in rows}, login)

    def _closure_vals(self):
        return {
            "complaint_result_summary": "Noise stopped",
            "complaint_verdict": "responsible",
            "complaint_cause": "Pump",
            "complaint_responsible_team_id": self.unit.id,
            "complaint_responsibility_category_id": self.env.ref(
                "complaint_management.responsibility_quality"
            ).id,
            "complaint_corrective_action": "Pump replaced",
            "complaint_reply_method": "phone",
            "complaint_reply_date": "2027-03-02 10:00:00",
        }

    def test_what_the_system_or_officers_record_is_not_the_handlers_to_write(self):
        reason = self.env.ref("complaint_management.refusal_reason_litigation")
        other = self.tickets[1]
        attempts = (
            {"complaint_acknowledgement_state": "sent"},  # as if the complainant was told
            {"complaint_long_unresolved": False},
            {"complaint_routed_by_default": True},
            {"complaint_reassign_count": 0},
            {"complaint_refusal_reason_id": reason.id},
            {"complaint_refusal_note": "Not ours"},
            {"complaint_transfer_body": "District office"},
            {"complaint_transfer_date": "2027-03-02 09:00:00"},
            {"complaint_is_repeat": False},
            {"complaint_repeat_of_id": other.id},
            {"complaint_is_collective": True},
            {"complaint_collective_parent_id": other.id},
            {"complaint_collective_candidate": False},
        )
        self.authenticate("rpc_handler", "rpc_handler")
        for vals in attempts:
            with self.assertRaises(JsonRpcException, msg=f"call_kw {vals}"):
                self._call("helpdesk.ticket", "write", self.tickets[:1].ids, vals)
        # an officer may correct them, tracked in the chatter
        self.authenticate("rpc_officer", "rpc_officer")
        self._call(
            "helpdesk.ticket", "write", self.tickets[:1].ids, {"complaint_refusal_note": "x"}
        )
        self.assertEqual(self.tickets[0].complaint_refusal_note, "x")

    def test_the_procedure_context_sent_by_a_client_skips_nothing(self):
        closed = self.env.ref("complaint_management.stage_complaint_closed")
        other_unit = self.env["helpdesk.ticket.team"].create({"name": "Rpc other unit"})
        forged = {"complaint_procedure": True}
        attempts = (
            {"stage_id": closed.id},  # closed without its closure data
            {"complaint_is_flagged": True},
            {"complaint_severity": "minor"},
            {"complaint_received_date": "2027-03-05 09:00:00"},
            {"complaint_reopen_count": 7},
            {"team_id": other_unit.id},
            {"number": "TS2027-999999"},
        )
        self.authenticate("rpc_handler", "rpc_handler")
        for vals in attempts:
            with self.assertRaises(JsonRpcException, msg=f"call_kw {vals}"):
                self._call("helpdesk.ticket", "write", self.tickets.ids, vals, context=forged)
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.handler)
            .sudo()  # sudo: the test gives the handler a key, as the preferences dialog does
            ._generate("rpc", "rpc attack", None)
        )
        for vals in attempts:
            response = self.url_open(
                "/json/2/helpdesk.ticket/write",
                data=json.dumps({"ids": self.tickets.ids, "vals": vals, "context": forged}),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
            )
            self.assertNotEqual(response.status_code, 200, f"json/2 {vals}: {response.text}")
        # the route itself answers: the content is the handler's to write
        response = self.url_open(
            "/json/2/helpdesk.ticket/write",
            data=json.dumps(
                {
                    "ids": self.tickets.ids,
                    "vals": {"complaint_accused_party": "Pump station 3"},
                    "context": forged,
                }
            ),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertEqual(set(self.tickets.mapped("complaint_accused_party")), {"Pump station 3"})
        self.assertEqual(set(self.tickets.mapped("complaint_phase")), {"in_progress"})
        self.assertFalse(any(self.tickets.mapped("complaint_is_flagged")))
        self.assertEqual(self.tickets.team_id, self.unit)
        self.assertEqual(set(self.tickets.mapped("complaint_reopen_count")), {0})
        self.assertEqual(
            {str(date) for date in self.tickets.mapped("complaint_received_date")},
            {"2027-03-01 09:00:00"},
        )
        # the procedure itself still runs for the handler: closing with the closure data
        self._call(
            "helpdesk.ticket",
            "write",
            self.tickets.ids,
            dict(self._closure_vals(), stage_id=closed.id),
        )
        self.env.invalidate_all()
        self.assertEqual(set(self.tickets.mapped("complaint_phase")), {"closed"})

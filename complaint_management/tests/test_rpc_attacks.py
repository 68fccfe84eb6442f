"""Attacks over RPC (SPEC §9): what a client sends to /web/dataset/call_kw cannot read the
complainant's identity by grouping or sorting on it."""

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

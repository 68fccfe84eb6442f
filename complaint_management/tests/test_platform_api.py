"""External platforms: work orders registered once through JSON-2 or our route, bad calls
refused with a JSON error and a code, and the procedure events delivered to a small HTTP
receiver started by the test, in order, with retries, never twice, without the identity."""

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

# canaries: the complainant as the platform sends them; they must never come back out
NAME, PHONE, EMAIL = "甄测试员", "+86 139 1234 5678", "zhen.canary@example.com"


class Receiver:
    """An HTTP server on 127.0.0.1 that records the events it receives; it answers 503 to the
    first ``fail`` attempts (the attempts are recorded too)."""

    def __init__(self, fail=0):
        self.fail = fail
        self.attempts = []  # (headers, body, status answered)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    status = 503 if receiver.fail > 0 else 200
                    receiver.fail -= status == 503
                    receiver.attempts.append((dict(self.headers), json.loads(body), status))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if status == 200 else b"busy")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def received(self):
        """The bodies of the events accepted (answered 200), in the order received."""
        return [body for _headers, body, status in self.attempts if status == 200]


class PlatformMixin:
    @classmethod
    def _setup_platform(cls):
        cls.bot = new_test_user(
            cls.env,
            login="cm_platform_bot",
            groups="complaint_management.group_complaint_integration",
        )
        cls.other_bot = new_test_user(
            cls.env,
            login="cm_platform_bot2",
            groups="complaint_management.group_complaint_integration",
        )
        cls.now = datetime.now().replace(microsecond=0)
        # the platform's deadline in four days, in Beijing time without an offset
        cls.deadline = cls.now + timedelta(days=4)
        cls.deadline_local = (cls.deadline + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
        cls.category = cls.env.ref("complaint_management.cat_service_delay")
        cls.district = cls.env["complaint.region"].create({"name": "浦东新区", "code": "310115"})
        Platform = cls.env["complaint.platform"]
        cls.platform = Platform.create(
            {
                "name": "上海 12345",
                "code": "sh12345",
                "integration_user_id": cls.bot.id,
                "tz": "Asia/Shanghai",
                "mapping_ids": [
                    (
                        0,
                        0,
                        {
                            "kind": "category",
                            "external_code": "0301",
                            "category_id": cls.category.id,
                        },
                    ),
                    (0, 0, {"kind": "region", "external_code": "PD", "region_id": cls.district.id}),
                    (0, 0, {"kind": "urgency", "external_code": "U1", "is_emergency": True}),
                    (0, 0, {"kind": "urgency", "external_code": "U2", "severity": "important"}),
                ],
            }
        )
        cls.other_platform = Platform.create(
            {"name": "Group case system", "code": "group", "integration_user_id": cls.other_bot.id}
        )

    def _payload(self, ref="WO-2026-0001", **values):
        payload = {
            "external_ref": ref,
            "title": "路灯不亮",
            "description": "幸福路 12 号门前路灯坏了一周\n晚上很危险",
            "category_code": "0301",
            "region_code": "PD",
            "deadline": self.deadline_local,
            "complainant": {"name": NAME, "phone": PHONE, "email": EMAIL},
        }
        payload.update(values)
        return payload

    def _counts(self):
        return (
            self.env["helpdesk.ticket"].sudo().with_context(active_test=False).search_count([]),
            self.env["complaint.complainant"].sudo().search_count([]),
        )


@tagged("post_install", "-at_install")
class TestPlatformApi(PlatformMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_platform()
        cls.officer = new_test_user(
            cls.env, login="cm_api_officer", groups="complaint_management.group_complaint_officer"
        )
        Keys = cls.env["res.users.apikeys"]
        cls.key = Keys.with_user(cls.bot).sudo()._generate("rpc", "12345", None)
        cls.other_key = Keys.with_user(cls.other_bot).sudo()._generate("rpc", "group", None)
        cls.officer_key = Keys.with_user(cls.officer).sudo()._generate("rpc", "me", None)

    def _json2(self, method, key=None, **params):
        return self.url_open(
            f"/json/2/helpdesk.ticket/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key or self.key}",
            },
        )

    def _post(self, payload, code="sh12345", key=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if key is not False:
            headers["Authorization"] = f"Bearer {key or self.key}"
        return self.url_open(
            f"/complaint/api/v1/{code}/complaints",
            data=raw if raw is not None else json.dumps(payload),
            headers=headers,
        )

    def _ticket(self, ref):
        return self.env["helpdesk.ticket"].search(
            [("complaint_platform_id", "=", self.platform.id), ("complaint_external_ref", "=", ref)]
        )

    def test_work_order_registered_through_json2_with_mapped_codes(self):
        response = self._json2(
            "complaint_register_from_platform",
            platform_code="sh12345",
            payload=self._payload(urgency_code="U2"),
        )
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        ticket = self._ticket("WO-2026-0001")
        self.assertEqual(
            answer,
            {
                "id": ticket.id,
                "number": ticket.number,
                "external_ref": "WO-2026-0001",
                "status": "new",
                "created": True,
                "warnings": [],
            },
        )
        self.assertTrue(ticket.is_complaint)
        self.assertRegex(ticket.number, r"^TS\d{4}-\d{6}$")
        self.assertEqual(
            (ticket.category_id, ticket.complaint_region_id), (self.category, self.district)
        )
        self.assertEqual(ticket.channel_id, self.env.ref("complaint_management.channel_12345"))
        self.assertEqual(
            ticket.complaint_severity in ("important", "major"), True, "urgency is a floor"
        )
        self.assertEqual(ticket.complaint_first_contact_user_id, self.bot)
        self.assertTrue(ticket.team_id, "routed like any complaint")
        # the platform's deadline (Beijing time without an offset), kept in UTC
        self.assertEqual(ticket.complaint_platform_deadline, self.deadline)
        # the identity went to the complainant record, helpdesk's fields stay empty
        self.assertFalse(ticket.partner_id or ticket.partner_name or ticket.partner_email)
        self.assertEqual(
            (ticket.sudo().complainant_name, ticket.sudo().complainant_phone),
            (NAME, PHONE),
        )
        self.assertIn("晚上很危险", ticket.description)
        self.assertNotIn(self.bot.partner_id, ticket.message_partner_ids)

    def test_same_work_order_twice_returns_the_existing_complaint(self):
        first = self._post(self._payload())
        self.assertEqual(first.status_code, 201, first.text)
        before = self._counts()
        # the same work order again, keys in another order, through both ways in
        again = self._post(dict(reversed(list(self._payload().items()))))
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["number"], first.json()["number"])
        self.assertFalse(again.json()["created"])
        json2 = self._json2(
            "complaint_register_from_platform", platform_code="sh12345", payload=self._payload()
        )
        self.assertEqual(json2.json()["id"], first.json()["id"])
        self.assertEqual(self._counts(), before, "no second complaint, no second complainant")
        # the same reference on another platform is another work order
        other = self._post(self._payload(), code="group", key=self.other_key)
        self.assertEqual(other.status_code, 201, other.text)
        self.assertNotEqual(other.json()["id"], first.json()["id"])

    def test_same_reference_with_other_content_is_a_conflict(self):
        first = self._post(self._payload())
        before = self._counts()
        response = self._post(self._payload(title="路灯闪烁"))
        self.assertEqual(response.status_code, 409)
        error = response.json()["error"]
        self.assertEqual(
            (error["code"], error["field"]), ("duplicate_external_ref", "external_ref")
        )
        self.assertIn(first.json()["number"], error["message"])
        self.assertEqual(self._counts(), before)
        json2 = self._json2(
            "complaint_register_from_platform",
            platform_code="sh12345",
            payload=self._payload(title="路灯闪烁"),
        )
        self.assertEqual(json2.status_code, 409)
        self.assertEqual(json2.json()["context"]["code"], "duplicate_external_ref")

    def test_unknown_platform_code_is_a_json_error(self):
        before = self._counts()
        response = self._post(self._payload(), code="nowhere")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["code"], "unknown_platform")
        json2 = self._json2(
            "complaint_register_from_platform", platform_code="nowhere", payload=self._payload()
        )
        self.assertEqual(json2.status_code, 404)
        self.assertEqual(
            json2.json()["context"], {"code": "unknown_platform", "field": "platform_code"}
        )
        self.platform.active = False
        archived = self._post(self._payload())
        self.assertEqual(archived.json()["error"]["code"], "unknown_platform")
        self.assertEqual(self._counts(), before)

    def test_calls_without_the_integration_rights_are_refused(self):
        before = self._counts()
        # an officer's key: not an integration user
        response = self._post(self._payload(), key=self.officer_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        json2 = self._json2(
            "complaint_register_from_platform",
            key=self.officer_key,
            platform_code="sh12345",
            payload=self._payload(),
        )
        self.assertEqual((json2.status_code, json2.json()["context"]["code"]), (403, "forbidden"))
        # another platform's integration user
        response = self._post(self._payload(), key=self.other_key)
        self.assertEqual(
            (response.status_code, response.json()["error"]["code"]), (403, "forbidden")
        )
        # no key, a wrong key
        for key in (False, "0" * 40):
            response = self._post(self._payload(), key=key)
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.json()["error"]["code"], "unauthorized")
        # the integration user reads no complaint through the ORM
        self._post(self._payload())
        json2 = self._json2("search_read", domain=[], fields=["name"])
        self.assertTrue(json2.status_code == 403 or json2.json() == [], json2.text)
        self.assertEqual(self._counts()[0], before[0] + 1)

    def test_malformed_payloads_create_nothing(self):
        before = self._counts()
        cases = [
            (self._payload(title=""), 422, "missing_field", "title"),
            (self._payload(title="x" * 201), 422, "too_long", "title"),
            (self._payload(colour="red"), 422, "unknown_field", "colour"),
            (self._payload(deadline="next friday"), 422, "invalid_value", "deadline"),
            (self._payload(external_ref="WO 1"), 422, "invalid_value", "external_ref"),
            (
                self._payload(complainant={"phone": "call me"}),
                422,
                "invalid_value",
                "complainant.phone",
            ),
            (["a", "list"], 422, "invalid_payload", None),
        ]
        for payload, status, code, field in cases:
            with self.subTest(code=code, field=field):
                response = self._post(payload)
                self.assertEqual(response.status_code, status, response.text)
                error = response.json()["error"]
                self.assertEqual((error["code"], error["field"]), (code, field))
                self.assertTrue(error["message"])
        for raw, code in (("{not json", "invalid_json"), ("x" * 300000, "payload_too_large")):
            response = self._post(None, raw=raw)
            self.assertEqual(response.json()["error"]["code"], code)
        json2 = self._json2(
            "complaint_register_from_platform",
            platform_code="sh12345",
            payload=self._payload(title=""),
        )
        self.assertEqual(json2.status_code, 422)
        self.assertEqual(json2.json()["context"], {"code": "missing_field", "field": "title"})
        self.assertEqual(self._counts(), before)

    def test_a_dotnet_empty_date_or_half_an_emoji_is_a_422_not_a_500(self):
        before = self._counts()
        for payload, code, field in (
            (self._payload(event_date="0001-01-01T00:00:00"), "out_of_range", "event_date"),
            (self._payload(deadline="9999-12-31T23:59:59-05:00"), "out_of_range", "deadline"),
            (self._payload(title="Zq 路灯不亮 \ud83d"), "invalid_value", "title"),
        ):
            with self.subTest(field=field):
                response = self._post(payload)
                self.assertEqual(response.status_code, 422, response.text)
                error = response.json()["error"]
                self.assertEqual((error["code"], error["field"]), (code, field))
        self.assertEqual(self._counts(), before)

    def test_errors_and_events_speak_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        json2 = self._json2(
            "complaint_register_from_platform",
            context={"lang": "zh_CN"},
            platform_code="nowhere",
            payload=self._payload(),
        )
        self.assertEqual(json2.json()["message"], "没有编码为 nowhere 的有效平台。")
        outbox = self.env["complaint.outbox"].with_context(lang="zh_CN")
        self.assertEqual(outbox._fields["event"].convert_to_export("extended", outbox), "已延期")

    def test_unmapped_codes_are_registered_with_a_warning(self):
        response = self._post(self._payload(category_code="9999"))
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(
            response.json()["warnings"],
            [{"code": "unmapped_code", "field": "category_code", "value": "9999"}],
        )
        ticket = self._ticket("WO-2026-0001")
        self.assertFalse(ticket.category_id)
        self.assertIn("category_code=9999", ticket.message_ids[0].body)

    def test_status_of_a_work_order(self):
        number = self._post(self._payload()).json()["number"]
        response = self.url_open(
            "/complaint/api/v1/sh12345/complaints/WO-2026-0001",
            headers={"Authorization": f"Bearer {self.key}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual((response.json()["number"], response.json()["status"]), (number, "new"))
        self.assertEqual(response.json()["platform_deadline"], self.deadline.isoformat() + "Z")
        missing = self.url_open(
            "/complaint/api/v1/sh12345/complaints/WO-404",
            headers={"Authorization": f"Bearer {self.key}"},
        )
        self.assertEqual((missing.status_code, missing.json()["error"]["code"]), (404, "not_found"))

    def test_too_many_work_orders_in_a_minute_are_refused(self):
        self.platform.rate_limit = 1
        self.assertEqual(self._post(self._payload("WO-1")).status_code, 201)
        response = self._post(self._payload("WO-2"))
        self.assertEqual(
            (response.status_code, response.json()["error"]["code"]), (429, "rate_limited")
        )
        self.assertFalse(self._ticket("WO-2"))

    @mute_logger("odoo.sql_db")
    def test_a_race_on_the_same_work_order_returns_the_one_registered(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.bot)
        first = Ticket.complaint_register_from_platform("sh12345", self._payload())
        before = self._counts()
        model = type(self.env["helpdesk.ticket"])
        original = model._complaint_find_platform_ticket
        calls = []

        def blind_first(records, platform, ref):
            # the concurrent call's row is not seen by the first lookup: the INSERT hits the
            # unique index, and the savepoint leaves nothing of the second attempt
            calls.append(ref)
            if len(calls) == 1:
                return records.browse()
            return original(records, platform, ref)

        with patch.object(model, "_complaint_find_platform_ticket", blind_first):
            again = Ticket.complaint_register_from_platform("sh12345", self._payload())
        self.assertEqual(len(calls), 2)
        self.assertEqual((again["id"], again["created"]), (first["id"], False))
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install")
class TestPlatformOutbox(PlatformMixin, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_platform()
        cls.Ticket = cls.env["helpdesk.ticket"]

    def setUp(self):
        super().setUp()
        self.receiver = Receiver()
        self.addCleanup(self.receiver.stop)
        self.platform.sudo().write({"endpoint_url": self.receiver.url, "auth_token": "s3cret"})

    def _register(self, ref="WO-2026-0001", **values):
        with freeze_time(self.now):
            answer = self.Ticket.with_user(self.bot).complaint_register_from_platform(
                "sh12345", self._payload(ref, **values)
            )
        return self.Ticket.browse(answer["id"])

    def _run_cron(self, minutes=0):
        """Run the delivery cron through its ir.cron record, ``minutes`` after self.now."""
        self.env.flush_all()
        when = self.now + timedelta(minutes=minutes)
        with freeze_time(when), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            cron = self.env.ref("complaint_management.ir_cron_deliver_outbox")
            cron.with_env(self.env(cr=cr)).method_direct_trigger()
        self.env.invalidate_all()

    def _reply_and_close(self, ticket):
        ticket = ticket.with_user(self.officer)
        with freeze_time(self.now):
            ticket.action_accept()
            ticket.action_start()
            self.env["complaint.reply.wizard"].with_user(self.officer).create(
                {"ticket_id": ticket.id, "method": "phone", "body": "<p>路灯已修复。</p>"}
            ).action_reply()
            ticket.write(
                {
                    "complaint_result_summary": "路灯已更换",
                    "complaint_verdict": "responsible",
                    "complaint_cause": "灯泡老化",
                    "complaint_responsible_team_id": ticket.team_id.id,
                    "complaint_responsibility_category_id": self.env.ref(
                        "complaint_management.responsibility_quality"
                    ).id,
                    "complaint_corrective_action": "每月巡检",
                }
            )
            ticket.action_close()

    def test_events_are_delivered_in_order_with_retries_and_never_twice(self):
        self.receiver.fail = 2
        ticket = self._register()
        self._reply_and_close(ticket)
        rows = ticket.sudo().complaint_outbox_ids.sorted("sequence")
        self.assertEqual(rows.mapped("event"), ["accepted", "replied", "closed"])
        self.assertEqual(rows.mapped("sequence"), [1, 2, 3])
        # first run: the first event fails; the later ones wait behind it
        self._run_cron()
        self.assertEqual(len(self.receiver.attempts), 1)
        self.assertEqual(rows.mapped("state"), ["pending"] * 3)
        self.assertEqual(rows.mapped("attempt_count"), [1, 0, 0])
        self.assertEqual(rows[0].next_attempt_at, self.now + timedelta(minutes=1))
        self.assertIn("503", rows[0].last_error)
        # nothing is due before the back-off: a second run sends nothing
        self._run_cron()
        self.assertEqual(len(self.receiver.attempts), 1)
        self._run_cron(minutes=1)  # fails again: 5 minutes more
        self.assertEqual(rows[0].next_attempt_at, self.now + timedelta(minutes=6))
        self._run_cron(minutes=6)  # succeeds, and the later events follow at once
        self.assertEqual(rows.mapped("state"), ["sent"] * 3)
        self.assertEqual(rows.mapped("attempt_count"), [3, 1, 1])
        self._run_cron(minutes=60)
        received = self.receiver.received
        self.assertEqual([body["event"] for body in received], ["accepted", "replied", "closed"])
        self.assertEqual([body["sequence"] for body in received], [1, 2, 3])
        self.assertEqual([body["event_id"] for body in received], rows.mapped("event_uid"))
        self.assertEqual(len(self.receiver.attempts), 5)
        headers = self.receiver.attempts[-1][0]
        self.assertEqual(headers["Authorization"], "Bearer s3cret")
        self.assertEqual(headers["X-Complaint-Event-Id"], rows[2].event_uid)
        first = received[0]
        self.assertEqual(
            (first["platform"], first["external_ref"], first["number"]),
            ("sh12345", "WO-2026-0001", ticket.number),
        )
        self.assertEqual(received[1]["data"]["reply"], "路灯已修复。")
        self.assertEqual(received[1]["data"]["method"], "phone")
        self.assertEqual(received[2]["data"]["verdict"], "responsible")
        self.assertEqual(received[2]["status"], "closed")

    def test_identity_is_never_sent_to_the_platform(self):
        ticket = self._register()
        self._reply_and_close(ticket)
        with freeze_time(self.now):
            self.env["complaint.reopen.wizard"].with_user(self.officer).create(
                {"ticket_id": ticket.id, "reason": "投诉人不满意"}
            ).action_reopen()
        self._run_cron()
        self.assertEqual(len(self.receiver.received), 4)
        sent = json.dumps([a[:2] for a in self.receiver.attempts], ensure_ascii=False)
        for canary in (NAME, PHONE, EMAIL, "1234 5678"):
            self.assertNotIn(canary, sent)
        self.assertEqual(self.receiver.received[3]["data"], {"reason": "投诉人不满意"})

    def test_refusal_and_transfer_events_carry_the_reason_and_the_body(self):
        refused, transferred = self._register("WO-R"), self._register("WO-T")
        reason = self.env.ref("complaint_management.refusal_reason_litigation")
        with freeze_time(self.now):
            self.env["complaint.refuse.wizard"].with_user(self.officer).create(
                {"ticket_ids": [(6, 0, refused.ids)], "reason_id": reason.id, "note": "已起诉"}
            ).action_refuse()
            self.env["complaint.transfer.wizard"].with_user(self.officer).create(
                {
                    "ticket_ids": [(6, 0, transferred.ids)],
                    "body": "市场监督管理局",
                    "contact": "李科长",
                    "method": "system",
                }
            ).action_transfer()
        self._run_cron()
        by_ref = {body["external_ref"]: body for body in self.receiver.received}
        self.assertEqual(by_ref["WO-R"]["event"], "refused")
        self.assertEqual(by_ref["WO-R"]["data"]["reason"], reason.name)
        self.assertEqual(by_ref["WO-R"]["data"]["note"], "已起诉")
        self.assertEqual(by_ref["WO-T"]["event"], "transferred")
        self.assertEqual(by_ref["WO-T"]["data"]["body"], "市场监督管理局")
        self.assertEqual(by_ref["WO-T"]["data"]["method"], "system")
        self.assertEqual(len(self.receiver.received), 2)

    def test_emergency_is_accepted_at_registration_and_said_so(self):
        ticket = self._register(urgency_code="U1")
        self.assertEqual(ticket.complaint_phase, "dispatched")
        self._run_cron()
        self.assertEqual([b["event"] for b in self.receiver.received], ["accepted"])
        self.assertTrue(self.receiver.received[0]["data"]["emergency"])

    def test_a_failed_event_holds_the_later_ones_until_sent_again(self):
        self.receiver.fail = 1000
        ticket = self._register()
        self._reply_and_close(ticket)
        rows = ticket.sudo().complaint_outbox_ids.sorted("sequence")
        minutes = 0
        for _attempt in range(8):
            self._run_cron(minutes)
            minutes += 13 * 60
        self.assertEqual(rows.mapped("state"), ["failed", "pending", "pending"])
        self.assertEqual(rows.mapped("attempt_count"), [8, 0, 0])
        self.assertIn("could not be delivered", ticket.message_ids[0].body)
        self.assertEqual(self.platform.outbox_failed_count, 1)
        self._run_cron(minutes)
        self.assertEqual(len(self.receiver.attempts), 8, "a failed event is not retried alone")
        # a handler cannot read the outbox, let alone send it again
        with self.assertRaises(AccessError):
            rows[0].with_user(self.handler).action_send_again()
        self.receiver.fail = 0
        with freeze_time(self.now + timedelta(minutes=minutes)):
            rows[0].with_user(self.officer).action_send_again()
        self.assertEqual((rows[0].state, rows[0].attempt_count), ("pending", 0))
        self._run_cron(minutes)
        self.assertEqual(rows.mapped("state"), ["sent"] * 3)
        self.assertEqual(
            [b["event"] for b in self.receiver.received], ["accepted", "replied", "closed"]
        )

    def test_a_cancelled_event_lets_the_later_ones_go(self):
        self.receiver.fail = 1
        ticket = self._register()
        self._reply_and_close(ticket)
        self._run_cron()
        rows = ticket.sudo().complaint_outbox_ids.sorted("sequence")
        rows[0].with_user(self.officer).action_cancel()
        self._run_cron()
        self.assertEqual(rows.mapped("state"), ["cancelled", "sent", "sent"])
        self.assertEqual([b["event"] for b in self.receiver.received], ["replied", "closed"])
        self.assertIn("cancelled", ticket.message_ids[0].body)

    def test_an_unreachable_platform_is_retried(self):
        ticket = self._register()
        with freeze_time(self.now):
            ticket.with_user(self.officer).action_accept()
        self.receiver.stop()  # nobody listens on its port any more
        self.receiver = Receiver()
        self._run_cron()
        row = ticket.sudo().complaint_outbox_ids
        self.assertEqual((row.state, row.attempt_count), ("pending", 1))
        self.assertIn("ConnectionError", row.last_error)
        self.assertEqual(row.next_attempt_at, self.now + timedelta(minutes=1))

    def test_a_tick_with_nothing_due_costs_one_query(self):
        ticket = self._register()
        with freeze_time(self.now):
            ticket.with_user(self.officer).action_accept()
        Outbox = self.env["complaint.outbox"]
        self.env.flush_all()
        # the event waits for its back-off: nothing is due
        Outbox.search([]).sudo().write({"next_attempt_at": self.now + timedelta(hours=1)})
        self.env.flush_all()
        with freeze_time(self.now), self.assertQueryCount(1):
            self.assertEqual(Outbox._cron_deliver(), 0)

    def test_no_endpoint_no_event_and_other_complaints_untouched(self):
        self.platform.sudo().endpoint_url = False
        ticket = self._register()
        plain = self.Ticket.create({"name": "x", "description": "<p>x</p>", "is_complaint": True})
        self._reply_and_close(ticket)
        plain.with_user(self.officer).action_accept()
        self.assertFalse(self.env["complaint.outbox"].search([]))
        self._run_cron()
        self.assertFalse(self.receiver.attempts)

    def test_platform_fields_come_from_the_platform_only(self):
        ticket = self._register()
        with self.assertRaises(AccessError):
            ticket.with_user(self.officer).write({"complaint_external_ref": "WO-other"})
        with self.assertRaises(AccessError):
            ticket.with_user(self.manager).write({"complaint_platform_deadline": False})

    def test_integration_menus_open_for_managers(self):
        self._register()
        for menu in (
            "complaint_management.complaint_platform_menu",
            "complaint_management.complaint_platform_mapping_menu",
            "complaint_management.complaint_outbox_menu",
        ):
            self.assertMenuOpens(self.manager, menu)
        form = self.env["complaint.platform"].with_user(self.manager).get_views([(False, "form")])
        self.assertNotIn("endpoint_url", form["views"]["form"]["arch"])
        admin = self.env.ref("base.user_admin")
        form = self.env["complaint.platform"].with_user(admin).get_views([(False, "form")])
        self.assertIn("endpoint_url", form["views"]["form"]["arch"])

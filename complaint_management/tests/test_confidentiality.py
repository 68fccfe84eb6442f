"""The complainant's identity on every Odoo path (SPEC §9).

A confidential complaint is filed on the web form with unique canary strings as its identity;
then its normal life happens (acknowledgement, a message from the complainant, acceptance, a
reply, a callback when complaint_survey is installed). As a handler of the lead unit, a handler
of another unit and a plain employee, every stored text field and every many2one name of every
model they can read is searched for the canaries: no hit is allowed. The officer's scan finds
them, which proves the scan can fail.
"""

import json
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

CANARIES = ("Zqxcanaryname", "zqxcanary@example.org", "13977771234", "Zqxcanary Road 9")
TEXT_TYPES = ("char", "text", "html")


@tagged("post_install", "-at_install")
class TestIdentityOnEveryPath(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_min_fill_seconds", "0"
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create({"name": "Zq lead unit"})
        cls.team_b = Team.create({"name": "Zq other unit"})
        groups = "complaint_management.group_complaint_user"
        cls.handler_a = new_test_user(cls.env, login="zq_handler_a", groups=groups)
        cls.handler_b = new_test_user(cls.env, login="zq_handler_b", groups=groups)
        cls.team_a.user_ids = cls.handler_a
        cls.team_b.user_ids = cls.handler_b
        cls.employee = new_test_user(cls.env, login="zq_employee", groups="base.group_user")
        cls.officer = new_test_user(
            cls.env, login="zq_officer", groups="complaint_management.group_complaint_officer"
        )
        cls.category = cls.env.ref("complaint_management.cat_service_delay")

    # --- helpers ------------------------------------------------------------------------------

    def _csrf_and_stamp(self, url):
        page = self.url_open(url).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        stamp = re.search(r'name="form_stamp" value="([^"]+)"', page)
        return csrf, stamp.group(1) if stamp else None

    def _file_on_the_web(self):
        csrf, stamp = self._csrf_and_stamp("/complaint")
        response = self.url_open(
            "/complaint/submit",
            data={
                "csrf_token": csrf,
                "form_stamp": stamp,
                "name": "Water cut for three days",
                "description": "No water in building 3 since Monday.",
                "partner_name": CANARIES[0],
                "partner_email": CANARIES[1],
                "partner_phone": CANARIES[2],
                "category_id": str(self.category.id),
                "is_confidential": "on",
                "consent": "on",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True)], order="id desc", limit=1
        )
        self.assertEqual(ticket.sudo().complainant_email, CANARIES[1])
        ticket.sudo().complainant_address = CANARIES[3]
        return ticket

    def _live_the_life(self, ticket):
        self.env.ref("complaint_management.ir_cron_send_acknowledgements").method_direct_trigger()
        code = ticket.sudo().complaint_tracking_code
        track = f"/complaint/track/{ticket.number}/{code}"
        csrf, _stamp = self._csrf_and_stamp(track)
        self.url_open(
            f"{track}/message",
            data={"csrf_token": csrf, "message": "The water is still off."},
        )
        ticket.with_user(self.officer).write({"team_id": self.team_a.id})
        ticket.with_user(self.officer).action_accept()
        ticket.with_user(self.handler_a).action_start()
        wizard = (
            self.env["complaint.reply.wizard"]
            .with_user(self.handler_a)
            .create({"ticket_id": ticket.id, "method": "email", "body": "<p>Pipe repaired.</p>"})
        )
        wizard.action_reply()

    def _carriers(self):
        """(model, field) pairs that hold a canary in any record (searched as superuser)."""
        carriers = []
        for name in self.env.registry:
            model = self.env[name].sudo()
            if model._abstract or model._transient or not model._auto:
                continue
            for fname, field in model._fields.items():
                if not field.store or not field.column_type:
                    continue
                if field.type in TEXT_TYPES:
                    domain = ["|"] * (len(CANARIES) - 1) + [
                        (fname, "ilike", canary) for canary in CANARIES
                    ]
                elif field.type == "many2one":
                    targets = self._named_targets(field.comodel_name)
                    if not targets:
                        continue
                    domain = [(fname, "in", targets)]
                else:
                    continue
                if model.with_context(active_test=False).search_count(domain, limit=1):
                    carriers.append((name, fname, domain))
        return carriers

    def _named_targets(self, comodel_name):
        cache = self.__dict__.setdefault("_targets_cache", {})
        if comodel_name not in cache:
            comodel = self.env[comodel_name].sudo().with_context(active_test=False)
            ids = set()
            if not (comodel._rec_name or comodel._rec_names_search):
                cache[comodel_name] = []  # its display name is its id
                return []
            for canary in CANARIES:
                try:
                    ids.update(comodel.search([("display_name", "ilike", canary)]).ids)
                except (ValueError, NotImplementedError):
                    break
            cache[comodel_name] = list(ids)
        return cache[comodel_name]

    def _hits(self, user, carriers):
        hits = []
        for name, fname, domain in carriers:
            model = self.env[name].with_user(user).with_context(active_test=False)
            if not model.has_access("read"):
                continue
            if not model._has_field_access(model._fields[fname], "read"):
                continue
            try:
                if model.search_count(domain, limit=1):
                    hits.append(f"{name}.{fname}")
            except AccessError:
                continue
        return hits

    # --- the generic scan ---------------------------------------------------------------------

    def test_no_canary_reachable_by_handlers_or_employees_after_a_normal_life(self):
        ticket = self._file_on_the_web()
        self._live_the_life(ticket)
        carriers = self._carriers()
        self.assertTrue(carriers, "the identity is stored somewhere")
        self.assertIn("complaint.complainant", {name for name, _f, _d in carriers})
        for user in (self.handler_a, self.handler_b, self.employee):
            self.assertEqual(self._hits(user, carriers), [], user.login)
        officer_hits = self._hits(self.officer, carriers)
        self.assertIn("complaint.complainant.email", officer_hits)
        self.assertIn("helpdesk.ticket.complainant_key", officer_hits)
        # the lead unit's handler still works the complaint and sees it was replied
        self.assertEqual(ticket.with_user(self.handler_a).complaint_phase, "replied")
        self.assertEqual(
            ticket.with_user(self.handler_a).complainant_display, "Confidential", "masked"
        )

    # --- one test per route -------------------------------------------------------------------

    def test_contacts_do_not_link_to_complaints(self):
        portal = new_test_user(self.env, login="zq_portal", groups="base.group_portal")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "is_complaint": True,
                "name": "Meter misread",
                "description": "x",
                "partner_id": portal.partner_id.id,
            }
        )
        self.assertFalse(ticket.partner_id, "helpdesk's contact stays empty on complaints")
        self.assertEqual(ticket.sudo().complainant_partner_id, portal.partner_id)
        for user in (self.handler_a, self.employee):
            rows = (
                self.env["res.partner"]
                .with_user(user)
                .search_read([("helpdesk_ticket_ids", "in", ticket.ids)], ["name"])
            )
            self.assertEqual(rows, [], user.login)
        self.assertFalse(ticket.message_partner_ids & portal.partner_id, "not a follower")

    def test_handler_cannot_read_identity_token_or_code(self):
        ticket = self._file_on_the_web()
        ticket.with_user(self.officer).write({"team_id": self.team_a.id})
        mine = ticket.with_user(self.handler_a)
        for fname in (
            "complainant_id",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "complaint_tracking_code",
            "complaint_tracking_url",
            "complainant_key",
        ):
            with self.assertRaises(AccessError, msg=fname):
                mine.read([fname])
        with self.assertRaises(AccessError):
            self.env["complaint.complainant"].with_user(self.handler_a).search_read([], ["name"])
        self.assertFalse(ticket.access_token, "no portal token that mail's routes would accept")
        # the form opens (web_read with the view's fields) without an access error
        view = mine.get_views([(False, "form")])["views"]["form"]
        self.assertNotIn("complainant_email", view["arch"])
        self.assertEqual(mine.complainant_display, "Confidential")
        # the officer reads all of it
        record = ticket.with_user(self.officer)
        self.assertEqual(record.complainant_email, CANARIES[1])
        self.assertTrue(record.complaint_tracking_url.endswith(record.complaint_tracking_code))

    def test_mail_routes_refuse_the_tracking_code_and_any_token(self):
        ticket = self._file_on_the_web()
        code = ticket.sudo().complaint_tracking_code
        ticket.sudo()._portal_ensure_token()
        for token in (code, ticket.sudo().access_token):
            response = self.url_open(
                "/mail/data",
                data=json.dumps(
                    {
                        "params": {
                            "fetch_params": [
                                [
                                    "mail.thread",
                                    {
                                        "thread_model": "helpdesk.ticket",
                                        "thread_id": ticket.id,
                                        "request_list": ["attachments", "followers"],
                                        "access_params": {"token": token},
                                    },
                                ]
                            ]
                        }
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertNotIn(CANARIES[1], response.text)
            thread = response.json()["result"]["mail.thread"][0]
            self.assertFalse(thread["hasReadAccess"])
            self.assertNotIn("attachments", thread)
            self.assertNotIn("followers", response.json()["result"])
            before = len(ticket.message_ids)
            self.url_open(
                "/mail/message/post",
                data=json.dumps(
                    {
                        "params": {
                            "thread_model": "helpdesk.ticket",
                            "thread_id": ticket.id,
                            "post_data": {"body": "I withdraw my complaint"},
                            "token": token,
                        }
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(len(ticket.message_ids), before, "nobody posts as the complainant")

    def test_mail_upload_refuses_the_tracking_code_and_any_token(self):
        ticket = self._file_on_the_web()
        before = self.env["ir.attachment"].search_count(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        for token in (ticket.sudo().complaint_tracking_code, ticket.sudo()._portal_ensure_token()):
            csrf, _stamp = self._csrf_and_stamp("/complaint")
            response = self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": csrf,
                    "thread_model": "helpdesk.ticket",
                    "thread_id": str(ticket.id),
                    "token": token,
                },
                files={"ufile": ("setup.exe", b"MZ" + b"\0" * 1024, "application/octet-stream")},
            )
            self.assertEqual(response.status_code, 404)
        after = self.env["ir.attachment"].search_count(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(after, before, "no file reaches the complaint past the form's rules")

    def test_complainant_cannot_close_their_complaint_through_helpdesk(self):
        portal = new_test_user(self.env, login="zq_portal3", groups="base.group_portal")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "is_complaint": True,
                "name": "Closing attempt",
                "description": "x",
                "complainant_partner_id": portal.partner_id.id,
            }
        )
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cancelled.close_from_portal = True
        self.authenticate("zq_portal3", "zq_portal3")
        csrf, _stamp = self._csrf_and_stamp("/complaint")
        response = self.url_open(
            "/ticket/close",
            data={"csrf_token": csrf, "ticket_id": str(ticket.id), "stage_id": str(cancelled.id)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(ticket.complaint_phase, "new")

    def test_complainant_messages_carry_a_shared_author(self):
        ticket = self._file_on_the_web()
        message = ticket._complaint_post_from_complainant("Still no water")
        author = self.env.ref("complaint_management.partner_complainant_author")
        self.assertEqual(message.author_id, author)
        self.assertFalse(message.email_from)
        self.assertNotEqual(message.create_uid, self.env.ref("base.public_user"))

    def test_web_complaint_first_contact_is_not_the_complainant(self):
        portal = new_test_user(self.env, login="zq_portal2", groups="base.group_portal")
        self.authenticate("zq_portal2", "zq_portal2")
        csrf, stamp = self._csrf_and_stamp("/complaint")
        self.url_open(
            "/complaint/submit",
            data={
                "csrf_token": csrf,
                "form_stamp": stamp,
                "name": "Bill too high",
                "description": "Twice the usual amount.",
                "partner_name": "Zq Portal",
                "partner_phone": "13800000001",
                "consent": "on",
            },
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True)], order="id desc", limit=1
        )
        self.assertEqual(ticket.sudo().complainant_partner_id, portal.partner_id)
        for fname in ("complaint_first_contact_user_id", "create_uid", "write_uid", "user_id"):
            self.assertNotEqual(ticket[fname], portal, fname)
        self.assertFalse(ticket.complaint_assignment_ids.create_uid & portal)
        self.assertFalse(ticket.message_follower_ids.partner_id & portal.partner_id)
        # and the portal user has no ORM access to it, only the portal pages
        with self.assertRaises(AccessError):
            ticket.with_user(portal).read(["name"])
        page = self.url_open(f"/my/complaints/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)

    def test_mails_to_the_complainant_sent_by_a_handler_are_not_theirs_to_read(self):
        """Mail lets the author of a message read it: a mail to the complainant that a handler
        causes (a reply, a survey invitation, any template) is written by the organisation."""
        tickets = self._file_on_the_web() | self._file_on_the_web()
        tickets.with_user(self.officer).write({"team_id": self.team_a.id})
        template = self.env.ref("complaint_management.mail_template_complaint_acknowledgement")
        tickets.with_user(self.handler_a)._complaint_mail_complainant(template)
        for ticket in tickets:
            ticket.with_user(self.officer).action_accept()
            ticket.with_user(self.handler_a).action_start()
            self.env["complaint.reply.wizard"].with_user(self.handler_a).create(
                {"ticket_id": ticket.id, "method": "email", "body": "<p>Pipe repaired.</p>"}
            ).action_reply()
        mails = self.env["mail.mail"].search(
            [("email_to", "ilike", CANARIES[1]), ("model", "=", False)]
        )
        self.assertGreaterEqual(len(mails), 4, "two acknowledgements and two replies")
        self.assertEqual(mails.author_id, self.env.company.partner_id)
        self.assertIn(CANARIES[0], "".join(mails.mapped("body_html")))
        Message = self.env["mail.message"].with_user(self.handler_a)
        self.assertFalse(Message.search([("id", "in", mails.mail_message_id.ids)]))
        self.assertFalse(Message.search([("body", "ilike", CANARIES[0])]))

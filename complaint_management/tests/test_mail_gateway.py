"""The e-mail channel: raw RFC-822 mails through mail.thread.message_process.

A mail to a complaint address registers a complaint through the same pipeline as every other
channel; a reply quoting its number is appended; automatic mails and bounces are not
registered; bad input is kept for officers; the sender's identity is nowhere a handler reads.
"""

import base64
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from . import test_confidentiality as confidentiality
from .common import ComplaintCase

NAME = "Zoe Zqcanary"
EMAIL = "zoe.zqcanary@example.org"
DOMAIN = "complaints.example.com"


@tagged("post_install", "-at_install")
class TestMailGateway(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": DOMAIN})
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.env.company.partner_id.email = f"info@{DOMAIN}"
        cls.office = cls.env.ref("complaint_management.team_complaint_office")
        cls.office.alias_id.alias_domain_id = cls.alias_domain
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_water = Team.create(
            {"name": "Zq water unit", "alias_name": "zq-water", "complaint_mail_intake": True}
        )
        cls.team_gas = Team.create({"name": "Zq gas unit"})
        cls.unit_handler = new_test_user(
            cls.env, login="zq_mail_handler", groups="complaint_management.group_complaint_user"
        )
        cls.team_water.user_ids = cls.unit_handler
        cls.author = cls.env.ref("complaint_management.partner_complainant_author")
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("complaint_management.portal_allowed_extensions", "pdf,jpg,png,txt")
        cls.params.set_param("complaint_management.portal_max_attachment_mb", "1")
        cls.params.set_param("complaint_management.portal_max_attachments", "2")
        # only the default rule (to the complaint office) routes, unless a test adds one
        cls.env["complaint.routing.rule"].search([("is_default", "=", False)]).active = False

    # --- helpers ------------------------------------------------------------------------------

    def _raw(
        self,
        subject="Water cut in building 3",
        body=f"No water since Monday.\n\nBest regards,\n{NAME}",
        sender=f"{NAME} <{EMAIL}>",
        to=f"complaints@{DOMAIN}",
        cc=None,
        headers=None,
        attachments=(),
        html=None,
    ):
        msg = EmailMessage()
        if sender:
            msg["From"] = sender
        msg["To"] = to
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = subject
        msg["Message-Id"] = make_msgid(domain="mua.example.org")
        msg["Date"] = formatdate(localtime=True)
        for key, value in (headers or {}).items():
            msg[key] = value
        msg.set_content(body)
        if html:
            msg.add_alternative(html, subtype="html")
        for name, data in attachments:
            msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
        return msg.as_string()

    def _process(self, raw):
        return self.env["mail.thread"].message_process(None, raw)

    def _complaints(self):
        return self.env["helpdesk.ticket"].search([("is_complaint", "=", True)])

    def _receive(self, **kwargs):
        """Process a mail expected to register exactly one complaint; return it."""
        before = self._complaints()
        self._process(self._raw(**kwargs))
        new = self._complaints() - before
        self.assertEqual(len(new), 1, "one complaint registered")
        return new

    def _rejected(self):
        return self.env["complaint.mail.rejected"].search([])

    def _run_ack_cron(self):
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            cron = self.env.ref("complaint_management.ir_cron_send_acknowledgements")
            cron.with_env(self.env(cr=cr)).method_direct_trigger()
        self.env.invalidate_all()

    def _incoming(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.message_type == "email")

    # --- registration -------------------------------------------------------------------------

    def test_mail_to_the_complaint_address_registers_a_complaint_and_is_acknowledged(self):
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        ticket = self._receive()
        self.assertTrue(ticket.number.startswith("TS"), ticket.number)
        self.assertEqual(
            ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        )
        self.assertEqual(ticket.name, "Water cut in building 3")
        self.assertEqual(ticket.complaint_phase, "new")
        self.assertEqual(ticket.team_id, self.office, "default rule: the complaint office")
        self.assertEqual(ticket.complaint_first_contact_user_id, self.env.ref("base.user_root"))
        # the identity is on the complainant record only
        self.assertFalse(ticket.partner_id or ticket.partner_email or ticket.partner_name)
        self.assertEqual(ticket.complainant_email, EMAIL)
        self.assertEqual(ticket.complainant_name, NAME)
        self.assertFalse(ticket.complainant_partner_id, "a free contact")
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            partners,
            "no contact created",
        )
        # the message: shared author, no address, no follower, name masked in the text
        message = self._incoming(ticket)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.author)
        self.assertFalse(message.email_from or message.incoming_email_to)
        self.assertFalse(message.incoming_email_cc or message.partner_ids)
        self.assertIn("No water since Monday", message.body)
        self.assertNotIn("Zqcanary", message.body)
        self.assertNotIn("Zqcanary", ticket.description)
        self.assertFalse(ticket.message_partner_ids.filtered(lambda p: p.email == EMAIL))
        # the original stays with the complainant record (officers)
        original = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.complainant"), ("res_id", "=", ticket.complainant_id.id)]
        )
        self.assertIn(NAME, original.raw.decode())
        # acknowledged by return mail: number, tracking link, replies come back to the address
        self.assertEqual(ticket.complaint_acknowledgement_state, "pending")
        self._run_ack_cron()
        mail = self.env["mail.mail"].search([("email_to", "=", EMAIL)])
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)
        self.assertIn(ticket.complaint_tracking_url, mail.body_html)
        self.assertEqual(mail.reply_to, f"complaints@{DOMAIN}")
        self.assertFalse(mail.model)

    def test_the_shipped_complaints_address_registers_complaints(self):
        self.assertTrue(self.office.complaint_mail_intake)
        self.assertIn("'is_complaint': True", self.office.alias_id.alias_defaults)
        self.assertEqual(self.office.alias_email, f"complaints@{DOMAIN}")

    def test_a_unit_that_does_not_register_complaints_gets_plain_tickets(self):
        self.team_water.complaint_mail_intake = False
        self.assertNotIn("is_complaint", self.team_water.alias_id.alias_defaults)
        before = self._complaints()
        ticket_id = self._process(self._raw(to=f"zq-water@{DOMAIN}", subject="Printer jam"))
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(self._complaints(), before)
        self.assertFalse(ticket.is_complaint)
        self.assertEqual(ticket.team_id, self.team_water)
        self.assertEqual(ticket.partner_email, f'"{NAME}" <{EMAIL}>', "helpdesk_mgmt as usual")
        self.team_water.complaint_mail_intake = True
        self.assertIn("'is_complaint': True", self.team_water.alias_id.alias_defaults)

    def test_the_same_mail_delivered_twice_registers_once(self):
        raw = self._raw()
        self._process(raw)
        before = self._complaints()
        self._process(raw)
        self.assertEqual(self._complaints(), before)
        self.assertFalse(self._rejected())

    def test_several_mails_register_one_complaint_each_with_their_own_number(self):
        before = self._complaints()
        for i in range(3):
            self._process(
                self._raw(subject=f"Complaint {i}", sender=f"Zq Person {i} <zq{i}@example.org>")
            )
        new = self._complaints() - before
        self.assertEqual(len(new), 3)
        self.assertEqual(len(set(new.mapped("number"))), 3)
        self.assertEqual(
            sorted(new.mapped("complainant_email")), [f"zq{i}@example.org" for i in range(3)]
        )

    def test_one_mail_to_two_complaint_addresses_registers_one_complaint(self):
        category = self.env.ref("complaint_management.cat_service_delay")
        category.alias_name = "zq-delays"
        category.alias_id.alias_domain_id = self.alias_domain
        ticket = self._receive(to=f"zq-delays@{DOMAIN}, zq-water@{DOMAIN}")
        self.assertEqual(ticket.category_id, category)
        self.assertTrue(ticket.team_id)

    def test_unit_address_gives_the_lead_unit_unless_a_keyword_rule_routes_elsewhere(self):
        ticket = self._receive(to=f"zq-water@{DOMAIN}", body="The water meter is broken.")
        self.assertEqual(ticket.team_id, self.team_water)
        self.assertEqual(ticket.complaint_assignment_ids.reason, "Unit of the e-mail address")
        self.env["complaint.routing.rule"].create(
            {"name": "Zq gas", "sequence": 1, "keywords": "gas leak", "team_id": self.team_gas.id}
        )
        ticket = self._receive(
            to=f"zq-water@{DOMAIN}", subject="Smell", body="There is a gas leak in the hall."
        )
        self.assertEqual(ticket.team_id, self.team_gas)

    def test_category_address_classifies_by_the_category_defaults(self):
        category = self.env.ref("complaint_management.cat_service_delay")
        category.write({"alias_name": "zq-delays", "complaint_team_id": self.team_gas.id})
        category.alias_id.alias_domain_id = self.alias_domain
        self.assertIn("'is_complaint': True", category.alias_id.alias_defaults)
        ticket = self._receive(to=f"zq-delays@{DOMAIN}")
        self.assertEqual(ticket.category_id, category)
        self.assertEqual(ticket.team_id, self.team_gas, "the category's default lead unit")

    def test_sender_is_matched_to_an_existing_contact_without_creating_one(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Zq Old Customer",
                "email": "zq.old.customer@example.org",
                "complaint_customer_tier": "vip",
            }
        )
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        ticket = self._receive(sender="Old Customer <ZQ.Old.Customer@Example.org>")
        self.assertEqual(ticket.complainant_partner_id, partner)
        self.assertEqual(ticket.complaint_customer_tier, "vip")
        self.assertFalse(ticket.partner_id)
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]), partners
        )
        message = self._incoming(ticket)
        self.assertEqual(message.author_id, self.author)
        self.assertFalse(ticket.message_partner_ids & partner, "not a follower")
        self.assertFalse(
            self.env["res.partner"].search([("helpdesk_ticket_ids", "in", ticket.ids)]),
            "the contact is not linked to the complaint",
        )

    def test_mail_from_an_employee_is_registered_by_the_system(self):
        employee = new_test_user(
            self.env, login="zq_mail_employee", email="zq.employee@example.org"
        )
        ticket = self._receive(sender=f"{employee.name} <zq.employee@example.org>")
        self.assertEqual(ticket.complainant_partner_id, employee.partner_id)
        for fname in ("create_uid", "write_uid", "complaint_first_contact_user_id", "user_id"):
            self.assertNotEqual(ticket[fname], employee, fname)
        self.assertEqual(self._incoming(ticket).author_id, self.author)
        self.assertFalse(ticket.message_partner_ids & employee.partner_id)

    def test_a_mail_received_on_new_years_night_gets_the_new_years_number(self):
        # OdooBot, who registers mails, lives in Brussels; the organisation in Beijing
        self.env.ref("base.partner_root").tz = "Europe/Brussels"
        self.env.company.partner_id.tz = "Asia/Shanghai"
        if "resource_calendar_id" in self.env.company._fields:
            self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        # 00:30 on 1 January 2028 in Beijing, still 2027 in Brussels and in UTC
        with freeze_time("2027-12-31 16:30:00"):
            tickets = self._receive() | self._receive(subject="Second", body="Gas smell.")
        self.assertEqual([n[:7] for n in tickets.mapped("number")], ["TS2028-", "TS2028-"])

    # --- replies ------------------------------------------------------------------------------

    def _reply_subject(self, ticket):
        return f"Re: Your complaint {ticket.number} was registered"

    def test_reply_quoting_the_number_is_appended_without_the_code_or_the_name(self):
        ticket = self._receive()
        code = ticket.complaint_tracking_code
        quoted = (
            "The water is still off.\n\n"
            f"On Monday, {NAME} <{EMAIL}> wrote:\n"
            f"> Dear {NAME},\n> Your secret code {code}: keep it."
        )
        before = self._complaints()
        self._process(self._raw(subject=self._reply_subject(ticket), body=quoted))
        self.assertEqual(self._complaints(), before, "not registered again")
        replies = self._incoming(ticket).sorted("id")
        self.assertEqual(len(replies), 2)
        reply = replies[-1]
        self.assertIn("still off", reply.body)
        for secret in (code, code.replace("-", ""), "Zqcanary", EMAIL):
            self.assertNotIn(secret, reply.body)
            self.assertNotIn(secret, reply.subject or "")
        self.assertEqual(reply.author_id, self.author)
        self.assertFalse(reply.email_from)

    def test_html_reply_loses_its_quoted_part_and_keeps_its_text(self):
        ticket = self._receive()
        code = ticket.complaint_tracking_code
        html = (
            f"<div dir='ltr'>Still <b>no water</b>, {NAME.split()[0]}</div>"
            "<div class='gmail_quote'><div class='gmail_attr'>On Monday "
            f"&lt;<a href='mailto:{EMAIL}'>{EMAIL}</a>&gt; wrote:</div>"
            f"<blockquote>Dear {NAME}, your code {code}</blockquote></div>"
        )
        self._process(
            self._raw(subject=self._reply_subject(ticket), body="Still no water", html=html)
        )
        reply = self._incoming(ticket).sorted("id")[-1]
        self.assertIn("<b>no water</b>", reply.body)
        for secret in (code, "Zoe", "Zqcanary", EMAIL, "mailto"):
            self.assertNotIn(secret, reply.body)

    def test_reply_with_the_number_in_its_references_is_appended(self):
        ticket = self._receive()
        self._process(
            self._raw(
                subject="More information",
                body="Photos follow.",
                headers={"References": f"<{ticket.number}.1@{DOMAIN}>"},
            )
        )
        self.assertEqual(len(self._incoming(ticket)), 2)

    def _our_mail_ids(self):
        return (
            self.env["mail.mail"]
            .search([("email_to", "=", EMAIL)], order="id")
            .mapped("message_id")
        )

    def test_reply_to_our_mail_is_appended_whatever_its_subject(self):
        ticket = self._receive()
        other = self._receive(subject="Noise at night", body="Loud music every night.")
        self._run_ack_cron()
        acknowledgements = self._our_mail_ids()
        self.assertEqual(len(acknowledgements), 2)
        for message_id in acknowledgements:
            # the number is nowhere in the Message-Id, nor the tracking code
            for secret in (ticket.number, other.number, ticket.complaint_tracking_code):
                self.assertNotIn(secret, message_id)
        before = self._complaints()
        # only References (no In-Reply-To), a new subject: answers the first acknowledgement
        self._process(
            self._raw(
                subject="Photos of the broken pipe",
                body="Here are the photos.",
                headers={"References": f"<older@mua.example.org> {acknowledgements[0]}"},
            )
        )
        # In-Reply-To only: answers the second one
        self._process(
            self._raw(
                subject="One more thing",
                body="It started in May.",
                headers={"In-Reply-To": acknowledgements[1]},
            )
        )
        self.assertEqual(self._complaints(), before, "not registered again")
        self.assertIn("Here are the photos", self._incoming(ticket).sorted("id")[-1].body)
        self.assertIn("It started in May", self._incoming(other).sorted("id")[-1].body)
        self.assertEqual(len(self._incoming(ticket)), 2)
        self.assertEqual(len(self._incoming(other)), 2)
        # the unit's answer by e-mail is one of our mails too
        ticket.with_user(self.officer).action_accept()
        ticket.action_start()
        self.env["complaint.reply.wizard"].create(
            {"ticket_id": ticket.id, "method": "email", "body": "<p>Pipe repaired.</p>"}
        ).action_reply()
        answer = self._our_mail_ids()[-1]
        self._process(
            self._raw(subject="Thanks", body="Works again.", headers={"In-Reply-To": answer})
        )
        self.assertIn("Works again", self._incoming(ticket).sorted("id")[-1].body)

    def test_a_forged_or_foreign_reference_does_not_append(self):
        ticket = self._receive()
        self._run_ack_cron()
        [acknowledgement] = self._our_mail_ids()
        before = self._complaints()
        # an id we never sent (the form of ours): a new complaint
        new = self._receive(
            subject="Another problem",
            body="The lift is broken.",
            headers={"References": "<123456789012345.1798000000.5-openerp-private@x.example>"},
        )
        self.assertNotEqual(new, ticket)
        self.assertEqual(len(self._incoming(ticket)), 1)
        # our Message-Id, from another address: kept for officers, not appended
        self._process(
            self._raw(
                subject="Hello",
                body="I withdraw it.",
                sender="Zq Stranger <zq.stranger@example.org>",
                headers={"In-Reply-To": acknowledgement},
            )
        )
        self.assertEqual(self._complaints(), before | new)
        self.assertEqual(len(self._incoming(ticket)), 1)
        self.assertEqual(self._rejected().ticket_id, ticket)
        self.assertEqual(self._rejected().reason, "other_sender")

    def test_the_message_ids_of_our_mails_are_for_officers_only(self):
        ticket = self._receive()
        self._run_ack_cron()
        Reference = self.env["complaint.mail.reference"]
        self.assertEqual(
            Reference.with_user(self.officer).search([("ticket_id", "=", ticket.id)]).message_id,
            self._our_mail_ids()[0],
        )
        with self.assertRaises(AccessError):
            Reference.with_user(self.unit_handler).search([("ticket_id", "=", ticket.id)])
        with self.assertRaises(AccessError):
            Reference.with_user(self.officer).create(
                {"message_id": "<x@example.org>", "ticket_id": ticket.id}
            )

    def test_reply_to_a_closed_complaint_reopens_it_when_the_setting_says_so(self):
        ticket = self._receive()
        ticket._set_complaint_phase("closed")
        self._process(self._raw(subject=self._reply_subject(ticket), body="Thanks."))
        self.assertEqual(ticket.complaint_phase, "closed", "setting off: only appended")
        self.assertEqual(len(self._incoming(ticket)), 2)
        self.params.set_param("complaint_management.mail_reply_reopens", "True")
        self._process(self._raw(subject=self._reply_subject(ticket), body="Still broken!"))
        self.assertEqual(ticket.complaint_phase, "in_progress")
        self.assertEqual(ticket.complaint_reopen_count, 1)

    def test_reply_from_another_address_is_kept_for_officers_not_appended(self):
        ticket = self._receive()
        self._process(
            self._raw(
                subject=self._reply_subject(ticket),
                body="I withdraw this complaint.",
                sender="Zq Stranger <zq.stranger@example.org>",
            )
        )
        self.assertEqual(len(self._incoming(ticket)), 1)
        rejected = self._rejected()
        self.assertEqual(rejected.reason, "other_sender")
        self.assertEqual(rejected.ticket_id, ticket)
        self.assertIn("withdraw", rejected.message_ids.filtered("body").body)
        rejected.with_user(self.officer).action_append()
        self.assertEqual(rejected.state, "appended")
        self.assertEqual(ticket.message_ids[:1].author_id, self.author)
        self.assertIn("withdraw", ticket.message_ids[:1].body)

    def test_a_colleague_answering_by_mail_writes_as_themselves(self):
        ticket = self._receive()
        self.unit_handler.email = "zq.mail.handler@example.org"
        self._process(
            self._raw(
                subject=self._reply_subject(ticket),
                body="Pipe ordered.",
                sender=f"Handler <{self.unit_handler.email}>",
            )
        )
        message = self._incoming(ticket).sorted("id")[-1]
        self.assertEqual(message.author_id, self.unit_handler.partner_id)

    # --- automatic mails, bounces, loops ------------------------------------------------------

    def test_auto_replies_are_not_registered_nor_appended(self):
        ticket = self._receive()
        before = self._complaints()
        for headers in (
            {"Auto-Submitted": "auto-replied"},
            {"Auto-Submitted": "auto-generated"},
            {"X-Autoreply": "yes"},
            {"Precedence": "bulk"},
        ):
            self._process(self._raw(subject="Out of office", headers=headers))
            self._process(self._raw(subject=f"Automatic reply: {ticket.number}", headers=headers))
        self._process(self._raw(sender="No Reply <noreply@shop.example.org>"))
        self.assertEqual(self._complaints(), before)
        self.assertEqual(len(self._incoming(ticket)), 1)
        self.assertFalse(self._rejected())
        # "Auto-Submitted: no" is a person's mail
        self._receive(headers={"Auto-Submitted": "no"})

    def test_bounces_are_not_registered(self):
        before = self._complaints()
        self._process(
            self._raw(
                subject="Undelivered Mail Returned to Sender",
                sender=f"Mail Delivery System <MAILER-DAEMON@mx.{DOMAIN}>",
                body="This is the mail system: your message could not be delivered.",
            )
        )
        self.assertEqual(self._complaints(), before)
        self.assertFalse(self._rejected())

    def test_a_sender_filing_too_many_complaints_is_stopped_by_the_loop_detection(self):
        self.params.set_param("mail.gateway.loop.threshold", "2")
        self._receive(subject="First")
        self._receive(subject="Second")
        before = self._complaints()
        self._process(self._raw(subject="Third"))
        self.assertEqual(self._complaints(), before, "mail's loop detection, by complainant")
        # our own addresses never register a complaint
        self._process(self._raw(sender=f"Complaints <complaints@{DOMAIN}>"))
        self._process(self._raw(sender=f"Company <info@{DOMAIN}>"))
        self.assertEqual(self._complaints(), before)
        self.assertFalse(self._rejected())

    def test_replies_in_a_loop_stop_at_the_threshold(self):
        self.params.set_param("mail.gateway.loop.threshold", "2")
        ticket = self._receive()
        for i in range(3):
            self._process(self._raw(subject=f"Re: {ticket.number} ({i})", body=f"Again {i}"))
        self.assertEqual(len(self._incoming(ticket)), 2)
        self.assertFalse(self._rejected())

    # --- attachments and bad input ------------------------------------------------------------

    def test_attachments_within_the_web_form_rules_land_on_the_complaint(self):
        ticket = self._receive(attachments=[("meter.pdf", b"%PDF-1.4 zq"), ("photo.jpg", b"j")])
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(sorted(files.mapped("name")), ["meter.pdf", "photo.jpg"])
        self.assertEqual(self._incoming(ticket).attachment_ids, files)

    def test_refused_attachments_keep_the_whole_mail_for_officers(self):
        complainants = self.env["complaint.complainant"].search_count([])
        before = self._complaints()
        big = b"x" * (1024 * 1024 + 1)
        cases = [
            ("virus.exe", [("virus.exe", b"MZ")]),
            ("big.pdf", [("big.pdf", big)]),
            ("count", [("a.pdf", b"a"), ("b.pdf", b"b"), ("c.pdf", b"c")]),
        ]
        for subject, attachments in cases:
            self._process(self._raw(subject=subject, attachments=attachments))
        self.assertEqual(self._complaints(), before, "nothing registered half-way")
        self.assertEqual(self.env["complaint.complainant"].search_count([]), complainants)
        rejected = self._rejected()
        self.assertEqual(len(rejected), 3)
        self.assertEqual(set(rejected.mapped("reason")), {"attachment"})
        big_one = rejected.filtered(lambda r: r.name == "big.pdf")
        self.assertIn("larger than 1 MB", big_one.error)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.mail.rejected"), ("res_id", "=", big_one.id)]
        )
        self.assertEqual(files.mapped("name"), ["big.pdf"], "the file is kept, not lost")
        # an officer may still register it, files included
        action = big_one.with_user(self.officer).action_register()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertTrue(ticket.is_complaint)
        self.assertEqual(ticket.complainant_email, EMAIL)
        self.assertEqual(ticket.complaint_first_contact_user_id, self.officer)
        self.assertIn("big.pdf", ticket.message_ids.attachment_ids.mapped("name"))
        self.assertEqual(big_one.state, "registered")

    def test_mail_without_usable_sender_or_text_is_kept_with_a_clear_reason(self):
        before = self._complaints()
        self._process(self._raw(sender=None))
        self._process(self._raw(sender="not an address"))
        self._process(self._raw(subject="Empty", body="   \n"))
        self.assertEqual(self._complaints(), before)
        rejected = self._rejected()
        self.assertEqual(sorted(rejected.mapped("reason")), ["empty", "sender", "sender"])
        self.assertTrue(all(rejected.mapped("error")))
        # shown to officers, not to handlers
        self.assertMenuOpens(self.officer, "complaint_management.complaint_mail_rejected_menu")
        menus = self.env["ir.ui.menu"].with_user(self.handler).load_menus(debug=False)
        self.assertNotIn(
            self.env.ref("complaint_management.complaint_mail_rejected_menu").id, menus
        )
        self.assertFalse(
            self.env["complaint.mail.rejected"].with_user(self.handler).has_access("read")
        )

    def test_control_characters_in_the_subject_or_body_do_not_lose_the_mail(self):
        # an encoded word can carry any byte: NUL cannot be stored by PostgreSQL at all
        raw = self._raw(
            subject="Water cut",
            body="No water since 4 January 2027.\x00 Terminal junk: \x1b[31m red",
        ).replace("Subject: Water cut", "Subject: =?utf-8?q?Water=00cut=1B_in_building_3?=")
        before, rejected = self._complaints(), self._rejected()
        self._process(raw)
        new = self._complaints() - before
        self.assertEqual(len(new), 1, "registered, not lost")
        self.assertEqual(self._rejected(), rejected)
        self.assertEqual(new.name, "Watercut in building 3")
        self.assertIn("No water since 4 January 2027.", new.description)
        self.assertNotIn("\x00", new.description)
        self.assertNotIn("\x1b", new.description)

    def test_a_failure_while_registering_leaves_nothing_half_done(self):
        complainants = self.env["complaint.complainant"].search_count([])
        before = self._complaints()
        Ticket = type(self.env["helpdesk.ticket"])
        with patch.object(Ticket, "_register_complaints", side_effect=UserError("zq broken")):
            self._process(self._raw())
        self.assertEqual(self._complaints(), before)
        self.assertEqual(self.env["complaint.complainant"].search_count([]), complainants)
        rejected = self._rejected()
        self.assertEqual(rejected.reason, "error")
        self.assertIn("zq broken", rejected.error)
        self.assertEqual(self.office.alias_id.alias_status, "valid", "the address still works")

    # --- confidentiality ----------------------------------------------------------------------

    def test_a_handler_of_the_unit_finds_neither_the_address_nor_the_name(self):
        lawyer = self.env["res.partner"].create(
            {"name": "Zq Lawyer", "email": "zq.law@example.org"}
        )
        ticket = self._receive(
            to=f"zq-water@{DOMAIN}",
            # copied to themselves and to their lawyer, a known contact
            cc=f"{NAME} <{EMAIL}>, Zq Lawyer <zq.law@example.org>",
            body=f"The meter is broken.\n\n-- \n{NAME}\n{EMAIL}",
            attachments=[(f"{NAME} invoice.pdf", b"%PDF zq")],
        )
        self.assertFalse(self._incoming(ticket).partner_ids, "no recipient contact linked")
        self.assertFalse(ticket.message_partner_ids & lawyer, "the copied contact does not follow")
        self._process(
            self._raw(
                subject=self._reply_subject(ticket),
                body=f"Any news?\n\n> Dear {NAME}, your code {ticket.complaint_tracking_code}",
            )
        )
        handler = self.unit_handler
        mine = ticket.with_user(handler)
        self.assertEqual(mine.team_id, self.team_water, "the handler works this complaint")
        Message = self.env["mail.message"].with_user(handler)
        messages = Message.search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        self.assertEqual(len(messages.filtered(lambda m: m.message_type == "email")), 2)
        for term in ("Zqcanary", EMAIL):
            for fname in ("body", "subject", "email_from", "incoming_email_to", "reply_to"):
                self.assertFalse(
                    Message.search([("id", "in", messages.ids), (fname, "ilike", term)]),
                    f"{term} in mail.message.{fname}",
                )
            self.assertFalse(
                Message.search([("id", "in", messages.ids), ("author_id.name", "ilike", term)])
            )
            Partner = self.env["res.partner"].with_user(handler)
            self.assertFalse(
                Partner.search(["|", ("name", "ilike", term), ("email", "ilike", term)])
            )
            self.assertFalse(
                self.env["ir.attachment"].with_user(handler).search([("name", "ilike", term)])
            )
            self.assertFalse(
                self.env["mail.followers"]
                .with_user(handler)
                .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
                .partner_id.filtered(lambda p, t=term: t.lower() in (p.email or "").lower())
            )
        self.assertNotIn(ticket.complaint_tracking_code, "".join(messages.mapped("body")))
        self.assertEqual(mine.complainant_display, "Confidential")
        self.assertEqual(messages.author_id.filtered(lambda p: p.partner_share), self.author)
        # the officer reads the identity, and the original mails
        self.assertEqual(ticket.with_user(self.officer).complainant_email, EMAIL)
        originals = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .search(
                [
                    ("res_model", "=", "complaint.complainant"),
                    ("res_id", "=", ticket.complainant_id.id),
                ]
            )
        )
        self.assertEqual(len(originals), 2)
        self.assertTrue(all(EMAIL in base64.b64decode(a.datas).decode() for a in originals))

    # the generic scan of test_confidentiality, after a complaint's life by e-mail
    _carriers = confidentiality.TestIdentityOnEveryPath._carriers
    _hits = confidentiality.TestIdentityOnEveryPath._hits

    _named_targets = confidentiality.TestIdentityOnEveryPath._named_targets

    def test_no_canary_reachable_by_handlers_after_a_life_by_e_mail(self):
        name, email = confidentiality.CANARIES[:2]
        sender = f"{name} <{email}>"
        ticket = self._receive(
            to=f"zq-water@{DOMAIN}",
            sender=sender,
            cc=sender,
            body=f"No water since Monday.\n\nRegards,\n{name}\n{email}",
            attachments=[(f"{name}.pdf", b"%PDF zq")],
        )
        self._run_ack_cron()
        code = ticket.complaint_tracking_code
        self._process(
            self._raw(
                subject=self._reply_subject(ticket),
                sender=sender,
                body=f"Still off.\n\nOn Monday {sender} wrote:\n> Dear {name},\n> code {code}",
            )
        )
        ticket.with_user(self.officer).action_accept()
        ticket.with_user(self.unit_handler).action_start()
        self.env["complaint.reply.wizard"].with_user(self.unit_handler).create(
            {"ticket_id": ticket.id, "method": "email", "body": "<p>Pipe repaired.</p>"}
        ).action_reply()
        self._process(
            self._raw(subject=f"Re: Reply to your complaint {ticket.number}", sender=sender)
        )
        # and one that answers our reply by its Message-Id only, with a subject of its own
        answer = self.env["mail.mail"].search([("email_to", "=", email)], order="id desc")[:1]
        self._process(
            self._raw(
                subject="Still smells",
                sender=sender,
                body=f"Thanks.\n\n{name}\n{email}",
                headers={"References": answer.message_id},
            )
        )
        self.assertEqual(len(self._incoming(ticket)), 4)
        carriers = self._carriers()
        self.assertIn("complaint.complainant", {model for model, _f, _d in carriers})
        employee = new_test_user(self.env, login="zq_mail_employee2", groups="base.group_user")
        for user in (self.unit_handler, self.handler, employee):
            self.assertEqual(self._hits(user, carriers), [], user.login)
        self.assertIn("complaint.complainant.email", self._hits(self.officer, carriers))

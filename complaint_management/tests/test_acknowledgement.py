from .common import ComplaintCase


class TestAcknowledgement(ComplaintCase):
    def _run_cron(self):
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            cron = self.env.ref("complaint_management.ir_cron_send_acknowledgements")
            cron.with_env(self.env(cr=cr)).method_direct_trigger()
        self.env.invalidate_all()

    def _mails(self, tickets):
        """The acknowledgements: not linked to the complaint (its readers would read the
        address and the salutation), found by their address."""
        addresses = [t.complainant_email for t in tickets if t.complainant_email]
        if not addresses:
            return self.env["mail.mail"]
        return self.env["mail.mail"].search([("email_to", "in", addresses)])

    def test_acknowledgement_is_queued_once_with_the_tracking_number(self):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Bill wrong {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "partner_name": f"李{i}",
                    "partner_email": f"li{i}@example.com",
                }
                for i in range(3)
            ]
        )
        silent = self.env["helpdesk.ticket"].create(
            {"name": "By phone", "description": "<p>x</p>", "is_complaint": True}
        )
        self.assertEqual(set(tickets.mapped("complaint_acknowledgement_state")), {"pending"})
        self.assertFalse(silent.complaint_acknowledgement_state)
        self._run_cron()
        self._run_cron()
        mails = self._mails(tickets)
        self.assertEqual(len(mails), 3, "one acknowledgement each, even with two cron runs")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertFalse(mails.filtered("model"), "unlinked from the complaint")
        for ticket in tickets:
            mail = mails.filtered(lambda m, t=ticket: m.email_to == t.complainant_email)
            self.assertIn(ticket.number, mail.subject)
            self.assertIn(ticket.complaint_tracking_code, mail.body_html, "tracking code")
            self.assertIn(ticket.complaint_tracking_url, mail.body_html, "tracking link")
            # the trail keeps the event, without the address or the name
            notes = ticket.message_ids.filtered(lambda m: "E-mail sent" in (m.body or ""))
            self.assertEqual(len(notes), 1)
            self.assertNotIn(ticket.complainant_email, notes.body)
            self.assertNotIn(ticket.complainant_name, notes.body)
        self.assertEqual(set(tickets.mapped("complaint_acknowledgement_state")), {"sent"})
        self.assertFalse(self._mails(silent))

    def test_a_complainant_without_account_is_answered_in_the_companys_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        self.env.company.partner_id.lang = "zh_CN"
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "水费账单错误",
                "description": "<p>x</p>",
                "is_complaint": True,
                "partner_name": "王芳",
                "partner_email": "wang.fang@example.com",
            }
        )
        self._run_cron()
        self.assertEqual(self._mails(ticket).subject, f"您的投诉 {ticket.number} 已受理")

    def test_registrations_one_after_another_trigger_the_acknowledgement_cron_once(self):
        cron = self.env.ref("complaint_management.ir_cron_send_acknowledgements")
        Trigger = self.env["ir.cron.trigger"].sudo()
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        for i in range(3):  # as the mail gateway does: one create per mail
            self.env["helpdesk.ticket"].create(
                {
                    "name": f"Meter {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "partner_email": f"meter{i}@example.com",
                }
            )
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)
        # a trigger for later does not run the cron now: a new one is added
        Trigger.search([("cron_id", "=", cron.id)]).call_at = "2027-06-01 08:00:00"
        self.env["helpdesk.ticket"].create(
            {
                "name": "Meter 3",
                "description": "<p>x</p>",
                "is_complaint": True,
                "partner_email": "meter3@example.com",
            }
        )
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 2)

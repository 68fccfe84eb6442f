"""The complainant sees the deadline committed to them on the status page: by the tracking link
and in "My complaints"."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SlaCase, utc

DEADLINE_RE = re.compile(r'class="o_complaint_deadline"[^>]*>([^<]*)<')


@tagged("post_install", "-at_install")
class TestStatusPageDeadline(HttpCase, SlaCase):
    def _deadline_shown(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        found = DEADLINE_RE.search(page.text)
        return found and found.group(1)

    def test_complainant_sees_the_committed_deadline_by_link_and_in_my_complaints(self):
        portal = new_test_user(self.env, login="sla_portal", groups="base.group_portal")
        ticket = self._complaint("2026-09-25 16:00", partner_id=portal.partner_id.id)
        self.assertEqual(ticket.complaint_sla_deadline, utc("2026-09-29 18:00"))
        link = f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}"
        shown = self._deadline_shown(link)
        self.assertIn("09/29/2026", shown)
        # in the organisation's time zone for a visitor, not UTC (18:00 in Beijing)
        self.assertIn("18:00", shown.replace("6:00:00 PM", "18:00").replace("06:00 PM", "18:00"))
        self.authenticate("sla_portal", "sla_portal")
        self.assertIn("09/29/2026", self._deadline_shown(f"/my/complaints/{ticket.id}"))

    def test_a_complaint_without_deadline_shows_no_commitment(self):
        ticket = self._complaint("2026-09-25 16:00")
        ticket.complaint_clock_ids.unlink()  # no rule matched it
        self.assertFalse(ticket.complaint_sla_deadline)
        link = f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}"
        self.assertIsNone(self._deadline_shown(link))

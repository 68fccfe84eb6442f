import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import convert_file

from .common import WebFormCase


@tagged("post_install", "-at_install")
class TestComplaintWebForm(WebFormCase):
    FORM_VALUES = {
        "name": "电梯三天不能用",
        "description": "3号楼电梯停运三天",
        "partner_name": "周杰",
        "partner_phone": "+86 137 0192 6634",
        "consent": "on",
    }

    def test_the_form_is_in_english_beside_chinese_on_a_chinese_website(self):
        # a database set up in Chinese only: the website has no English
        chinese = self.env["res.lang"]._activate_lang("zh_CN")
        website = self.env.ref("website.default_website")
        website.write({"language_ids": [(6, 0, chinese.ids)], "default_lang_id": chinese.id})
        self.assertEqual(self.url_open("/en/complaint").status_code, 404)
        # what installing the addon does
        convert_file(self.env, "complaint_management", "data/website_data.xml", {}, mode="init")
        self.assertEqual(website.language_ids.mapped("code"), ["zh_CN", "en_US"])
        self.assertEqual(website.default_lang_id, chinese, "Chinese stays the default")
        self.assertTrue('lang="zh-CN"' in self.url_open("/complaint").text)
        english = self.url_open("/en/complaint")
        self.assertEqual(english.status_code, 200)
        self.assertTrue('lang="en-US"' in english.text)

    def test_anonymous_visitor_files_a_complaint_and_gets_the_number(self):
        before = self._count()
        response = self._submit()
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        self.assertEqual(self._count(), before + 1)
        self.assertIn(ticket.number, response.text)
        self.assertEqual(ticket.channel_id, self.env.ref("complaint_management.channel_portal"))
        self.assertTrue(ticket.team_id, "routed like a back-office complaint")

    def test_time_of_the_event_is_kept_and_checked(self):
        self._submit(event_date="2026-11-20T08:30")
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        self.assertEqual(ticket.complaint_event_date.date().isoformat(), "2026-11-20")
        before = self._count()
        response = self._submit(event_date="not a date")
        self.assertIn("Give the date and time of the event.", response.text)
        self.assertEqual(self._count(), before)

    def test_missing_fields_keep_values_and_create_nothing(self):
        before = self._count()
        response = self._submit(name="", description="Lift broken", partner_phone="")
        self.assertEqual(self._count(), before)
        self.assertIn("This field is required.", response.text)
        self.assertIn("Lift broken", response.text)
        self.assertIn('value="周杰"', response.text)

    def test_wrong_type_and_too_many_files_are_refused(self):
        before = self._count()
        response = self._submit(
            files={"attachments": ("virus.exe", b"MZ", "application/octet-stream")}
        )
        self.assertIn("not accepted", response.text)
        files = [("attachments", (f"p{i}.jpg", b"x", "image/jpeg")) for i in range(6)]
        response = self._submit(files=files)
        self.assertIn("At most 5 files", response.text)
        self.assertEqual(self._count(), before)

    def test_oversize_file_is_refused(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_max_attachment_mb", "1"
        )
        before = self._count()
        big = b"0" * (1024 * 1024 + 10)
        response = self._submit(files={"attachments": ("scan.pdf", big, "application/pdf")})
        self.assertIn("larger than", response.text)
        self.assertEqual(self._count(), before)

    def test_honeypot_and_rate_limit(self):
        before = self._count()
        self._submit(website_url="http://spam.example")
        self.assertEqual(self._count(), before)
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_rate_limit_per_hour", "1"
        )
        self._submit()
        response = self._submit()
        self.assertIn("Too many complaints", response.text)
        self.assertEqual(self._count(), before + 1)

    def test_invalid_contact_or_control_characters_leave_nothing_behind(self):
        before = self._count()
        complainants = self.env["complaint.complainant"].search_count([])
        for values, message in (
            ({"partner_phone": "call me maybe"}, "phone number is not valid"),
            ({"partner_email": "<script>@x"}, "e-mail address is not valid"),
            ({"name": "Lift\x00broken"}, "control characters"),
            ({"description": "esc \x1b[31m"}, "control characters"),
        ):
            response = self._submit(**values)
            self.assertEqual(response.status_code, 200, values)
            self.assertIn(message, response.text, values)
        self.assertEqual(self._count(), before, "no complaint left by a failed submission")
        self.assertEqual(self.env["complaint.complainant"].search_count([]), complainants)
        # the retry with a valid phone files it once
        self._submit(partner_phone="13701926634")
        self.assertEqual(self._count(), before + 1)

    def test_a_form_is_filed_once_and_reloading_the_thanks_page_files_nothing(self):
        before = self._count()
        form = self._form()
        data = dict(
            form,
            name="Gas smell",
            description="Strong gas smell in the stairway",
            partner_name="周杰",
            partner_phone="13701926634",
            consent="on",
        )
        response = self.url_open("/complaint/submit", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/complaint/thanks"))
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        for _reload in range(2):
            page = self.url_open("/complaint/thanks")
            self.assertIn(ticket.number, page.text)
            self.assertIn(ticket.complaint_tracking_code, page.text)
        # the browser's "resend the form" sends the same stamp again
        again = self.url_open("/complaint/submit", data=data)
        self.assertIn("already sent", again.text)
        self.assertEqual(self._count(), before + 1)

    def test_rate_limit_counts_every_submission_of_the_address(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_rate_limit_per_hour", "3"
        )
        before = self._count()
        answers = [self._submit(name=f"Noise {i}").text for i in range(5)]
        self.assertEqual(self._count(), before + 3)
        self.assertEqual(sum("Too many complaints" in text for text in answers), 2)

    def test_visitor_times_are_in_the_companys_time_zone(self):
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        self._submit(event_date="2026-11-28T07:30")
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        # 07:30 in Beijing is 23:30 UTC the day before
        self.assertEqual(ticket.complaint_event_date.isoformat(), "2026-11-27T23:30:00")

    def test_form_offers_complaint_categories_and_districts_and_routes_by_district(self):
        page = self.url_open("/complaint").text
        self.assertIn(self.category.complete_name, page)
        utility = self.env.ref("complaint_management.cat_utility")
        self.assertTrue(utility.active, "the demo loads the utility pack")
        self.assertIn(utility.complete_name, page)
        for name in ("Hardware", "Software", "Wifi"):
            self.assertNotIn(f">{name}<", page, "helpdesk's own categories are not offered")
        region = self.env["complaint.region"].create({"name": "Zq harbour district"})
        unit = self.env["helpdesk.ticket.team"].create({"name": "Zq harbour unit"})
        self.env["complaint.routing.rule"].create(
            {
                "name": "Zq harbour",
                "sequence": 1,
                "region_ids": [(6, 0, region.ids)],
                "team_id": unit.id,
            }
        )
        self.assertIn("Zq harbour district", self.url_open("/complaint").text)
        self._submit(region_id=str(region.id))
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        self.assertEqual(ticket.complaint_region_id, region)
        self.assertEqual(ticket.team_id, unit)
        before = self._count()
        response = self._submit(region_id="999999")
        self.assertIn("Choose a district from the list.", response.text)
        self.assertEqual(self._count(), before)

    def test_get_on_submit_is_refused(self):
        before = self._count()
        response = self.url_open("/complaint/submit?name=x&description=y&consent=on")
        self.assertIn(response.status_code, (403, 404, 405))
        self.assertEqual(self._count(), before)

    def test_tracking_shows_public_replies_but_not_internal_notes(self):
        self._submit()
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        officer = new_test_user(
            self.env,
            login="track_officer",
            name="Officer Gao",
            groups="complaint_management.group_complaint_officer",
        )
        report = self.env["ir.attachment"].create(
            {
                "name": "inspection.pdf",
                "raw": b"%PDF-1.4 inspection",
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        ticket.with_user(officer).message_post(
            body="Public answer XYZ",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=report.ids,
        )
        ticket.message_post(body="Internal note QQQ", subtype_xmlid="mail.mt_note")
        url = f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Public answer XYZ", response.text)
        self.assertNotIn("Internal note QQQ", response.text)
        self.assertNotIn(ticket.complainant_phone, response.text)
        # staff sign as the organisation unless the settings show handler names
        self.assertNotIn("Officer Gao", response.text)
        self.assertIn(ticket.company_id.name, response.text)
        link = re.search(r'href="(/web/content/\d+\?access_token=[^"]+)"', response.text)
        download = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(download.content, b"%PDF-1.4 inspection")
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_show_handler_names", "True"
        )
        self.assertIn("Officer Gao", self.url_open(url).text)
        wrong = self.url_open(f"/complaint/track/{ticket.number}/{'0' * 36}")
        self.assertEqual(wrong.status_code, 404)
        unknown = self.url_open(f"/complaint/track/TS1999-000001/{ticket.complaint_tracking_code}")
        self.assertEqual(unknown.status_code, 404)

    def test_complainant_adds_information_through_the_link(self):
        self._submit()
        ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
        page = self.url_open(f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(
            f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}/message",
            data={"csrf_token": csrf, "message": "The lift broke again today"},
            files={"attachments": ("lift.jpg", b"\xff\xd8\xff\xe0 photo", "image/jpeg")},
        )
        message = ticket.message_ids[0]
        self.assertIn("The lift broke again today", message.body)
        self.assertEqual(message.attachment_ids.name, "lift.jpg")
        # the complainant sees their own addition and its file on the tracking page
        page = self.url_open(f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}")
        mine = re.search(r"o_complaint_mine.*?</div>\s*</div>", page.text, re.S)
        self.assertIn("The lift broke again today", page.text)
        self.assertIn("lift.jpg", mine.group(0))
        self.assertIn("You", mine.group(0))

    def test_portal_users_see_only_their_own_complaints(self):
        alice = new_test_user(self.env, login="alice_portal", groups="base.group_portal")
        bob = new_test_user(self.env, login="bob_portal", groups="base.group_portal")
        vals = {"description": "<p>x</p>", "is_complaint": True}
        mine = self.Ticket.create(dict(vals, name="Alice's", partner_id=alice.partner_id.id))
        theirs = self.Ticket.create(dict(vals, name="Bob's", partner_id=bob.partner_id.id))
        self.authenticate("alice_portal", "alice_portal")
        listing = self.url_open("/my/complaints")
        self.assertIn(mine.number, listing.text)
        self.assertNotIn(theirs.number, listing.text)
        self.assertEqual(self.url_open(f"/my/complaints/{mine.id}").status_code, 200)
        other = self.url_open(f"/my/complaints/{theirs.id}", allow_redirects=False)
        self.assertEqual(other.status_code, 404)
        # helpdesk_mgmt's ticket page sends a complaint to ours, never shows another's
        page = self.url_open(f"/my/ticket/{mine.id}", allow_redirects=False)
        self.assertTrue(page.headers["Location"].endswith(f"/my/complaints/{mine.id}"))
        foreign = self.url_open(f"/my/ticket/{theirs.id}", allow_redirects=False)
        self.assertTrue(foreign.headers["Location"].endswith(f"/my/complaints/{theirs.id}"))
        self.assertEqual(self.url_open(foreign.headers["Location"]).status_code, 404)
        # a portal token, wherever it came from, opens nothing of a complaint
        token = theirs._portal_ensure_token()
        by_token = self.url_open(f"/my/ticket/{theirs.id}/{token}", allow_redirects=False)
        self.assertTrue(by_token.headers["Location"].endswith(f"/my/complaints/{theirs.id}"))
        self.logout()
        anonymous = self.url_open(f"/my/complaints/{theirs.id}", allow_redirects=False)
        self.assertNotEqual(anonymous.status_code, 200)

    def test_closing_someone_elses_ticket_is_refused(self):
        new_test_user(self.env, login="alice2_portal", groups="base.group_portal")
        stage = self.env["helpdesk.ticket.stage"].search(
            [("close_from_portal", "=", True)], limit=1
        )
        if not stage:
            stage = self.env["helpdesk.ticket.stage"].create(
                {"name": "Done by customer", "closed": True, "close_from_portal": True}
            )
        other = self.Ticket.create({"name": "Not Alice's", "description": "<p>x</p>"})
        old_stage = other.stage_id
        self.authenticate("alice2_portal", "alice2_portal")
        page = self.url_open("/my")
        csrf = re.search(r'csrf_token: "([^"]+)"', page.text) or re.search(
            r'name="csrf_token" value="([^"]+)"', page.text
        )
        response = self.url_open(
            "/ticket/close",
            data={
                "csrf_token": csrf.group(1) if csrf else "",
                "ticket_id": other.id,
                "stage_id": stage.id,
            },
        )
        self.assertNotEqual(response.status_code, 200)
        other.invalidate_recordset()
        self.assertEqual(other.stage_id, old_stage)
        get = self.url_open(f"/ticket/close?ticket_id={other.id}&stage_id={stage.id}")
        self.assertNotEqual(get.status_code, 200)
        self.assertEqual(other.stage_id, old_stage)


@tagged("post_install", "-at_install")
class TestComplaintFormTour(HttpCase):
    def test_visitor_files_a_complaint_and_follows_it_in_the_browser(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_min_fill_seconds", "0"
        )
        before = self.env["helpdesk.ticket"].search_count([("is_complaint", "=", True)])
        self.start_tour("/complaint", "complaint_form_tour", login=None)
        ticket = self.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True)], order="id desc", limit=1
        )
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("is_complaint", "=", True)]), before + 1
        )
        self.assertEqual(ticket.name, "电梯三天不能用")
        self.assertIn("今天又坏了", ticket.message_ids[0].body)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["lift.png"])

    def test_portal_user_files_with_their_details_and_finds_it_in_my_complaints(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_min_fill_seconds", "0"
        )
        user = new_test_user(
            self.env,
            login="tour_portal",
            name="Portal Li",
            email="li@example.com",
            groups="base.group_portal",
        )
        self.start_tour("/complaint", "complaint_portal_tour", login="tour_portal")
        ticket = self.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True)], order="id desc", limit=1
        )
        self.assertEqual(ticket.name, "燃气表走得太快")
        self.assertFalse(ticket.partner_id, "helpdesk's contact stays empty")
        self.assertEqual(ticket.complainant_partner_id, user.partner_id)
        self.assertEqual(ticket.complainant_email, "li@example.com")

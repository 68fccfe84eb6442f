"""Bad input on the public web form and the tracking page's "add information" route: a clear
message, nothing lost, nothing half-made (no complaint, no message, no throttle count)."""

from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import WebFormCase


@tagged("post_install", "-at_install")
class TestPortalBadInput(WebFormCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Throttle = cls.env["complaint.submit.throttle"]

    def assertSays(self, response, text, msg=None):
        self.assertTrue(text in response.text, msg or text)

    def _taken(self):
        self.env.invalidate_all()
        return sum(self.Throttle.search([]).mapped("count"))

    def test_odd_district_ids_are_refused_with_a_message(self):
        before = self._count()
        # a superscript two is a digit to str.isdigit() but not to int(); the next one is
        # beyond PostgreSQL's integer
        for value in ("²", "١٢", "99999999999999999999", "-3", "3 "):
            response = self._submit(region_id=value)
            self.assertEqual(response.status_code, 200, value)
            self.assertSays(response, "Choose a district from the list.", value)
        self.assertEqual(self._count(), before)

    def test_a_category_of_another_company_is_neither_offered_nor_accepted(self):
        other = self.env["res.company"].create({"name": "Zq other city office"})
        foreign = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Zq other city's parking",
                "company_id": other.id,
                "show_in_portal": True,
                "is_complaint_category": True,
            }
        )
        shared = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Zq shared roads",
                "company_id": False,
                "show_in_portal": True,
                "is_complaint_category": True,
            }
        )
        page = self.url_open("/complaint").text
        self.assertFalse("Zq other city&#39;s parking" in page, "Zq other city&#39;s parking")
        self.assertFalse("Zq other city's parking" in page, "Zq other city's parking")
        self.assertTrue("Zq shared roads" in page)
        before = self._count()
        response = self._submit(category_id=str(foreign.id))
        self.assertSays(response, "Choose a category from the list.")
        self.assertEqual(self._count(), before)
        self._submit(category_id=str(shared.id), name="Zq pothole on the ring road")
        ticket = self.Ticket.search([("name", "=", "Zq pothole on the ring road")])
        self.assertEqual(ticket.category_id, shared)

    def test_blank_required_texts_are_required(self):
        before = self._count()
        for values, message in (
            ({"name": "   "}, "This field is required."),
            ({"description": " \n\t "}, "This field is required."),
            ({"partner_name": "  "}, "Your name is required unless you file anonymously."),
        ):
            response = self._submit(**values)
            self.assertEqual(response.status_code, 200, values)
            self.assertSays(response, message, values)
        self.assertEqual(self._count(), before)

    def test_a_submission_refused_at_creation_uses_no_throttle_count(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_rate_limit_per_hour", "2"
        )
        before, taken = self._count(), self._taken()
        Ticket = type(self.Ticket)
        with patch.object(
            Ticket, "create", autospec=True, side_effect=ValidationError("Zq refused by a rule")
        ):
            for _attempt in range(3):
                response = self._submit()
                self.assertSays(response, "Zq refused by a rule")
        self.assertEqual(self._count(), before)
        self.assertEqual(self._taken(), taken, "a refused submission is not counted")
        # the two complaints the address may file in the hour are still possible
        for i in range(2):
            self.assertFalse("Too many complaints" in self._submit(name=f"Zq noise {i}").text)
        self.assertEqual(self._count(), before + 2)

    def _multipart(self, filename):
        """A form posted with a raw multipart body: requests would escape the file's name."""
        boundary = "zqboundary2027"
        fields = dict(
            self._form(),
            name="Zq scanned letter of 2 January 2027",
            description="The letter is attached",
            partner_name="Zhou Jie",
            partner_phone="13701926634",
            consent="on",
        )
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n'
        )
        body = ("".join(parts) + f"--{boundary}--\r\n").encode()
        return self.url_open(
            "/complaint/submit",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def test_a_file_name_with_a_path_or_control_characters_is_cleaned(self):
        for filename in ("scan\x00\x1b.pdf", "C:\\Users\\zhoujie\\Desktop\\scan.pdf"):
            before = self._count()
            response = self._multipart(filename)
            self.assertEqual(response.status_code, 200, filename)
            self.assertEqual(self._count(), before + 1, filename)
            ticket = self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)
            attachment = self.env["ir.attachment"].search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            )
            # the path would name the complainant's account on their computer to handlers
            self.assertEqual(attachment.name, "scan.pdf", filename)

    def test_a_form_sent_in_another_encoding_is_not_a_crash(self):
        form = self._form()
        body = (
            "csrf_token={csrf_token}&form_stamp={form_stamp}&name=Zq+caf%E9+noise+2027"
            "&description=Zq+r%E9sum%E9&partner_name=Zhou&partner_phone=13701926634"
            "&consent=on"
        ).format(**form)
        before = self._count()
        response = self.url_open(
            "/complaint/submit",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)

    def _ticket(self):
        self._submit()
        return self.Ticket.search([("is_complaint", "=", True)], order="id desc", limit=1)

    def _add(self, ticket, message="", files=None):
        url = f"/complaint/track/{ticket.number}/{ticket.complaint_tracking_code}"
        data = dict(self._form(url), message=message)
        return self.url_open(f"{url}/message", data=data, files=files)

    def test_a_too_long_addition_is_refused_not_cut(self):
        ticket = self._ticket()
        messages = len(ticket.message_ids)
        text = "The lift broke again on 3 January 2027. " + "x" * 5000 + " THE-END"
        response = self._add(ticket, text)
        self.assertSays(response, "At most 5000 characters.")
        self.assertSays(response, "THE-END", "the visitor's text is given back")
        ticket.invalidate_recordset()
        self.assertEqual(len(ticket.message_ids), messages, "nothing half-posted")

    def test_a_refused_file_is_reported_and_the_text_kept(self):
        ticket = self._ticket()
        messages = len(ticket.message_ids)
        exe = {"attachments": ("tool.exe", b"MZ", "application/octet-stream")}
        # a refused file alone: said so, not a silent reload
        response = self._add(ticket, "", files=exe)
        self.assertSays(response, "tool.exe: this type of file is not accepted.")
        # with a text: the text is given back with the error
        response = self._add(ticket, "Zq photos of 4 January 2027", files=exe)
        self.assertSays(response, "tool.exe: this type of file is not accepted.")
        self.assertSays(response, "Zq photos of 4 January 2027")
        ticket.invalidate_recordset()
        self.assertEqual(len(ticket.message_ids), messages)
        # a valid addition still goes through
        self._add(ticket, "Zq the lift works again on 5 January 2027")
        ticket.invalidate_recordset()
        self.assertIn("Zq the lift works again", ticket.message_ids[0].body)

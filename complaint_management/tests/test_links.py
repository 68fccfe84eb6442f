from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError

from .common import ComplaintCase


class TestRepeatAndCollective(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("complaint_management.cat_service_delay")
        cls.other_category = cls.env.ref("complaint_management.cat_service_attitude")

    def _complaint(self, **vals):
        values = {
            "name": "No hot water",
            "description": "<p>x</p>",
            "is_complaint": True,
            "category_id": self.category.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def test_same_phone_and_category_while_open_is_a_repeat(self):
        first = self._complaint(partner_name="王", partner_phone="+86 138 0000 1111")
        second = self._complaint(partner_name="王先生", partner_phone="13800001111")
        self.assertTrue(second.complaint_is_repeat)
        self.assertEqual(second.complaint_repeat_of_id, first)
        self.assertFalse(first.complaint_is_repeat)

    def test_same_email_other_category_is_not_a_repeat(self):
        self._complaint(partner_email="a@example.com")
        other = self._complaint(partner_email="a@example.com", category_id=self.other_category.id)
        self.assertFalse(other.complaint_is_repeat)

    def test_previous_closed_outside_the_window_is_not_a_repeat(self):
        first = self._complaint(partner_email="b@example.com")
        first.write(
            {
                "stage_id": self.env.ref("complaint_management.stage_complaint_closed").id,
            }
        )
        first.closed_date = fields.Datetime.now() - timedelta(days=45)
        second = self._complaint(partner_email="b@example.com")
        self.assertFalse(second.complaint_is_repeat)
        recent = self._complaint(partner_email="c@example.com")
        recent.stage_id = self.env.ref("complaint_management.stage_complaint_closed")
        recent.closed_date = fields.Datetime.now() - timedelta(days=10)
        third = self._complaint(partner_email="c@example.com")
        self.assertEqual(third.complaint_repeat_of_id, recent)

    def test_four_complainants_are_not_collective_the_fifth_makes_candidates(self):
        tickets = self.env["helpdesk.ticket"]
        for i in range(4):
            tickets |= self._complaint(
                partner_email=f"n{i}@example.com", complaint_event_location="1号楼"
            )
        self.assertFalse(any(tickets.mapped("complaint_collective_candidate")))
        tickets |= self._complaint(
            partner_email="n4@example.com", complaint_event_location=" 1号楼 "
        )
        self.assertTrue(all(tickets.mapped("complaint_collective_candidate")))

    def test_officer_links_the_suggestion_from_the_form_and_members_become_major(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.major_on_is_collective", "True"
        )
        tickets = self.env["helpdesk.ticket"]
        for i in range(5):
            tickets |= self._complaint(
                partner_email=f"s{i}@example.com", complaint_event_location="5号楼"
            )
        self.assertTrue(all(tickets.mapped("complaint_collective_candidate")))
        with self.assertRaises(AccessError):
            tickets[2].with_user(self.handler).action_link_collective_suggestion()
        action = tickets[2].with_user(self.officer).action_link_collective_suggestion()
        parent = tickets.filtered("complaint_is_collective")
        self.assertEqual(len(parent), 1)
        self.assertEqual(action["res_id"], parent.id)
        form = self.env.ref("complaint_management.helpdesk_ticket_view_form_complaint")
        self.assertEqual(action["views"], [(form.id, "form")], "the complaint form, not helpdesk's")
        members = tickets - parent
        self.assertEqual(members.complaint_collective_parent_id, parent)
        self.assertEqual(
            set(tickets.mapped("complaint_severity")), {"major"}, "members follow the parent"
        )
        self.assertFalse(any(tickets.mapped("complaint_collective_candidate")))

    def test_same_complainant_five_times_is_not_collective(self):
        tickets = self.env["helpdesk.ticket"]
        for _i in range(5):
            tickets |= self._complaint(
                partner_email="same@example.com", complaint_event_location="2号楼"
            )
        self.assertFalse(any(tickets.mapped("complaint_collective_candidate")))

    def test_automatic_linking_makes_a_major_collective_parent(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.collective_auto_link", "True"
        )
        with freeze_time("2026-11-20 10:00:00"):
            tickets = self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"停水 {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "category_id": self.category.id,
                        "partner_phone": f"+86 139 0000 000{i}",
                        "complaint_event_location": "学府花园",
                    }
                    for i in range(5)
                ]
            )
        parent = tickets.filtered("complaint_is_collective")
        self.assertEqual(len(parent), 1)
        self.assertEqual(parent, tickets.sorted("id")[0])
        self.assertEqual(parent.complaint_severity, "major")
        self.assertEqual((tickets - parent).complaint_collective_parent_id, parent)

    def test_old_complaints_outside_the_window_do_not_count(self):
        with freeze_time(fields.Datetime.now() - timedelta(days=20)):
            for i in range(4):
                self._complaint(partner_email=f"o{i}@example.com", complaint_event_location="3号楼")
        fresh = self._complaint(partner_email="o9@example.com", complaint_event_location="3号楼")
        self.assertFalse(fresh.complaint_collective_candidate)

    def test_a_later_complainant_joins_the_proposed_group(self):
        for i in range(5):
            self._complaint(partner_email=f"p{i}@example.com", complaint_event_location="5号楼")
        later = self._complaint(partner_email="p5@example.com", complaint_event_location="5号楼")
        self.assertTrue(later.complaint_collective_candidate)
        elsewhere = self._complaint(
            partner_email="p6@example.com", complaint_event_location="6号楼"
        )
        self.assertFalse(elsewhere.complaint_collective_candidate)

    def test_a_later_complainant_joins_the_existing_collective_complaint(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.collective_auto_link", "True"
        )
        first = self.env["helpdesk.ticket"]
        for i in range(5):
            first |= self._complaint(
                partner_phone=f"+86 139 0000 001{i}", complaint_event_location="学府花园"
            )
        parent = first.filtered("complaint_is_collective")
        self.assertEqual(len(parent), 1)
        later = self._complaint(
            partner_phone="+86 139 0000 0019", complaint_event_location="学府花园"
        )
        self.assertEqual(
            later.complaint_collective_parent_id, parent, "joins, no second collective"
        )
        self.assertFalse(later.complaint_is_collective)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [
                    ("complaint_is_collective", "=", True),
                    ("complaint_event_location", "=", "学府花园"),
                ]
            ),
            1,
        )

    def test_a_region_counts_its_complainants_whatever_the_place_they_name(self):
        region = self.env["complaint.region"].create({"name": "海淀区"})
        tickets = self.env["helpdesk.ticket"]
        for i in range(5):
            tickets |= self._complaint(
                partner_email=f"r{i}@example.com",
                complaint_region_id=region.id,
                complaint_event_location=f"{i}号楼",
            )
        self.assertTrue(all(tickets.mapped("complaint_collective_candidate")))

    def test_a_proposed_group_is_linked_whole_once_automatic_linking_is_on(self):
        proposed = self.env["helpdesk.ticket"]
        for i in range(5):
            proposed |= self._complaint(
                partner_email=f"s{i}@example.com", complaint_event_location="7号楼"
            )
        self.assertTrue(all(proposed.mapped("complaint_collective_candidate")))
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.collective_auto_link", "True"
        )
        later = self._complaint(partner_email="s5@example.com", complaint_event_location="7号楼")
        group = proposed | later
        parent = group.filtered("complaint_is_collective")
        self.assertEqual(len(parent), 1)
        self.assertEqual((group - parent).complaint_collective_parent_id, parent)

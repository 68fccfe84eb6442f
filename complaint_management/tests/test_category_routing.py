from .common import ComplaintCase


class TestCategoryRouting(ComplaintCase):
    def test_category_default_unit_applies_when_only_the_default_rule_matches(self):
        unit = self.env["helpdesk.ticket.team"].create({"name": "Billing office"})
        parent = self.env.ref("complaint_management.cat_service")
        parent.complaint_team_id = unit
        child = self.env.ref("complaint_management.cat_service_fees")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Fee",
                "description": "<p>x</p>",
                "is_complaint": True,
                "category_id": child.id,
            }
        )
        self.assertEqual(ticket.team_id, unit, "the parent category's unit is inherited")
        self.assertFalse(ticket.complaint_routed_by_default)
        self.assertEqual(ticket.complaint_assignment_ids.reason, "Default unit of the category")

    def test_explicit_rule_beats_the_category_default_unit(self):
        unit = self.env["helpdesk.ticket.team"].create({"name": "Billing office"})
        special = self.env["helpdesk.ticket.team"].create({"name": "Fee task force"})
        category = self.env.ref("complaint_management.cat_service_fees")
        category.complaint_team_id = unit
        self.env["complaint.routing.rule"].create(
            {"name": "Fees", "category_ids": [(6, 0, category.ids)], "team_id": special.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Fee",
                "description": "<p>x</p>",
                "is_complaint": True,
                "category_id": category.id,
            }
        )
        self.assertEqual(ticket.team_id, special)

"""Company rules: a user of one company does not read another company's complaint records,
whatever their complaint role."""

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestCompanyRules(ComplaintCase):
    def test_other_companys_records_are_out_of_reach(self):
        other = self.env["res.company"].create({"name": "Zq Other Water Co"})
        unit = self.env["helpdesk.ticket.team"].create(
            {"name": "Zq other unit", "company_id": other.id}
        )
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Other company's complaint {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "company_id": other.id,
                    "team_id": unit.id,
                }
                for i in range(2)
            ]
        )
        tasks = self.env["complaint.assist.task"].create(
            [{"ticket_id": t.id, "team_id": unit.id} for t in tickets]
        )
        self.env.flush_all()
        for user in (self.officer, self.manager):
            self.assertNotIn(other, user.company_ids)
            self.assertFalse(
                self.env["helpdesk.ticket"].with_user(user).search([("id", "in", tickets.ids)])
            )
            self.assertFalse(
                self.env["complaint.assist.task"].with_user(user).search([("id", "in", tasks.ids)])
            )
            self.assertFalse(
                self.env["complaint.report"].with_user(user).search([("company_id", "=", other.id)])
            )
            if "complaint.callback" in self.env:  # complaint_survey's callbacks of those
                callbacks = self.env["complaint.callback"].create(
                    [{"ticket_id": t.id, "date_due": "2027-01-05"} for t in tickets]
                )
                self.assertFalse(
                    self.env["complaint.callback"]
                    .with_user(user)
                    .search([("id", "in", callbacks.ids)])
                )
            if "complaint.clock" in self.env:  # complaint_sla's clocks, when its rules apply
                clocks = self.env["complaint.clock"].search([("ticket_id", "in", tickets.ids)])
                self.assertFalse(
                    self.env["complaint.clock"].with_user(user).search([("id", "in", clocks.ids)])
                )
        # once the company is allowed, the officer reads them
        self.officer.write({"company_ids": [(4, other.id)]})
        found = (
            self.env["complaint.assist.task"]
            .with_user(self.officer)
            .with_context(allowed_company_ids=[self.env.company.id, other.id])
            .search([("id", "in", tasks.ids)])
        )
        self.assertEqual(found, tasks)

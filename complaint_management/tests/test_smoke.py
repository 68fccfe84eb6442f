from .common import ComplaintCase


class TestSmoke(ComplaintCase):
    def test_officer_opens_complaints_menu(self):
        self.assertMenuOpens(self.officer, "complaint_management.helpdesk_ticket_complaint_menu")

    def test_manager_opens_refusal_reasons_and_handler_does_not_see_configuration(self):
        self.assertMenuOpens(self.manager, "complaint_management.complaint_refusal_reason_menu")
        menus = self.env["ir.ui.menu"].with_user(self.handler).load_menus(debug=False)
        self.assertNotIn(self.env.ref("complaint_management.complaint_menu_config").id, menus)

    def test_models_exist_and_refusal_reasons_ship(self):
        self.assertIn("is_complaint", self.env["helpdesk.ticket"]._fields)
        reasons = self.env["complaint.refusal.reason"].with_user(self.officer).search([])
        self.assertGreaterEqual(len(reasons), 5)
        self.assertTrue(all(reasons.mapped("guidance")))

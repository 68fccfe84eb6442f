from .common import ComplaintCase


class TestSmoke(ComplaintCase):
    def test_officer_opens_complaints_menu(self):
        self.assertMenuOpens(self.officer, "complaint_management.helpdesk_ticket_complaint_menu")

    def test_officer_opens_the_reporting_menus(self):
        for menu in (
            "complaint_report_menu",
            "complaint_export_wizard_menu",
            "complaint_hot_issue_menu",
        ):
            self.assertMenuOpens(self.officer, f"complaint_management.{menu}")

    def test_manager_opens_refusal_reasons_and_handler_does_not_see_configuration(self):
        self.assertMenuOpens(self.manager, "complaint_management.complaint_refusal_reason_menu")
        menus = self.env["ir.ui.menu"].with_user(self.handler).load_menus(debug=False)
        self.assertNotIn(self.env.ref("complaint_management.complaint_menu_config").id, menus)

    def test_models_exist_and_refusal_reasons_ship(self):
        self.assertIn("is_complaint", self.env["helpdesk.ticket"]._fields)
        reasons = self.env["complaint.refusal.reason"].with_user(self.officer).search([])
        self.assertGreaterEqual(len(reasons), 5)
        self.assertTrue(all(reasons.mapped("guidance")))

    def test_loading_a_domain_pack_activates_only_its_categories(self):
        Category = self.env["helpdesk.ticket.category"].with_context(active_test=False)
        utility = Category.search([("complaint_pack", "=", "utility")])
        property_pack = Category.search([("complaint_pack", "=", "property")])
        self.assertGreaterEqual(len(utility), 4)
        (utility | property_pack).active = False
        settings = self.env["res.config.settings"].create({})
        action = settings.action_load_pack_utility()
        self.assertTrue(all(utility.mapped("active")))
        self.assertFalse(any(property_pack.mapped("active")))
        self.assertEqual(action["params"]["message"], f"{len(utility)} categories loaded.")
        again = settings.action_load_pack_utility()
        self.assertEqual(again["params"]["message"], "0 categories loaded.")
        # the loaded categories are offered to complaint officers
        visible = self.env["helpdesk.ticket.category"].with_user(self.officer).search([])
        self.assertLessEqual(utility, visible)

"""Shared fixtures: one user per complaint group."""

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval


class ComplaintCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.handler = new_test_user(
            cls.env, login="cm_handler", groups="complaint_management.group_complaint_user"
        )
        cls.officer = new_test_user(
            cls.env, login="cm_officer", groups="complaint_management.group_complaint_officer"
        )
        cls.manager = new_test_user(
            cls.env, login="cm_manager", groups="complaint_management.group_complaint_manager"
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="cm_supervisor",
            groups="complaint_management.group_complaint_supervisor",
        )

    def assertMenuOpens(self, user, menu_xmlid):
        """The menu is visible to the user and its action's views and records load."""
        menu = self.env.ref(menu_xmlid)
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        self.assertIn(menu.id, menus, f"{menu_xmlid} is not visible to {user.login}")
        action = menu.action.sudo()  # reading the action record itself is not the point here
        model = self.env[action.res_model].with_user(user)
        views = [(False, mode) for mode in action.view_mode.split(",")]
        result = model.get_views(views)
        self.assertEqual(set(result["views"]), {mode for _id, mode in views})
        domain = safe_eval(action.domain or "[]", action._get_eval_context())
        records = model.web_search_read(domain, {"display_name": {}}, limit=10)
        self.assertIn("records", records)
        return records

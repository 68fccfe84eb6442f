"""Shared fixtures: one user per complaint group; the fixed Asia/Shanghai working calendar
(Mon–Fri 9–12, 13–18, 2026 National Day 1–7 October) that complaint_sla's and complaint_survey's
tests count on."""

import importlib.util
import re
from datetime import datetime, timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval


def utc(text):
    """'2026-09-25 16:00' in Shanghai time -> naive UTC datetime (what the ORM stores)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M") - timedelta(hours=8)


ADDONS = Path(__file__).resolve().parent.parent.parent


def load_migration(module, version, name="pre-migrate"):
    """The migration script ``<module>/migrations/<version>/<name>.py``, loaded for a test to
    run its functions (Odoo loads them by path too)."""
    path = ADDONS / module / "migrations" / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{module}_migration_{version}_{name}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


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

    def _run_cron_record(self, xmlid, when):
        """Run the ir.cron record ``xmlid`` at ``when`` (Shanghai time) in a cursor of its own,
        as the scheduler does; returns what its run returns."""
        self.env.flush_all()
        with freeze_time(utc(when)), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            cron = self.env.ref(xmlid).with_env(self.env(cr=cr))
            result = cron.method_direct_trigger()
        self.env.invalidate_all()
        return result

    @classmethod
    def _create_shanghai_calendar(cls):
        """Mon–Fri 9–12 and 13–18 in Asia/Shanghai, with National Day 2026 as its holiday."""
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai office",
                "tz": "Asia/Shanghai",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {frm}",
                            "dayofweek": str(day),
                            "hour_from": frm,
                            "hour_to": to,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for frm, to, period in ((9, 12, "morning"), (13, 18, "afternoon"))
                ],
            }
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": calendar.id,
                "date_from": utc("2026-10-01 00:00"),
                "date_to": utc("2026-10-07 23:59"),
                "time_type": "leave",
            }
        )
        return calendar

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


class WebFormCase(HttpCase):
    """The public web form (``/complaint``) posted as a visitor's browser posts it."""

    # what the visitor types; a test class may write in another language
    FORM_VALUES = {
        "name": "Lift out of order in 2027",
        "description": "Building 3's lift has not worked for three days",
        "partner_name": "Zhou Jie",
        "partner_phone": "13701926634",
        "consent": "on",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_min_fill_seconds", "0"
        )
        cls.category = cls.env.ref("complaint_management.cat_service_delay")
        cls.Ticket = cls.env["helpdesk.ticket"]
        # this hour's counters of a server that ran on the same database (127.0.0.1 too)
        cls.env["complaint.submit.throttle"].search([]).unlink()

    def _form(self, url="/complaint"):
        """The hidden values of the page's form: its csrf token, and the complaint form's
        single-use stamp."""
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        stamp = re.search(r'name="form_stamp" value="([^"]+)"', page.text)
        if url == "/complaint":
            self.assertTrue(stamp, "the complaint form carries its stamp")
        return {"csrf_token": csrf, **({"form_stamp": stamp.group(1)} if stamp else {})}

    def _submit(self, files=None, **values):
        data = dict(self._form(), **self.FORM_VALUES, category_id=str(self.category.id))
        data.update(values)
        return self.url_open("/complaint/submit", data=data, files=files)

    def _count(self):
        return self.Ticket.search_count([("is_complaint", "=", True)])

import json

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestDashboard(ComplaintCase):
    """The shipped spreadsheet dashboards read only fields the analysis has, and an officer can
    open them."""

    def _dashboards(self):
        group = self.env.ref("complaint_management.spreadsheet_dashboard_group_complaints")
        return group.dashboard_ids

    def test_every_pivot_chart_and_filter_uses_real_fields(self):
        dashboards = self._dashboards()
        self.assertIn(
            self.env.ref("complaint_management.spreadsheet_dashboard_complaint"), dashboards
        )
        for dashboard in dashboards:
            data = json.loads(dashboard.spreadsheet_data)
            for pivot in data["pivots"].values():
                Model = self.env[pivot["model"]]
                measures = [m["fieldName"] for m in pivot["measures"]]
                rows = [r["fieldName"] for r in pivot["rows"]]
                for name in measures + rows:
                    self.assertIn(name, Model._fields, f"{dashboard.name}: {name}")
                # what the spreadsheet asks the server for
                groups = Model.formatted_read_group(
                    pivot["domain"], rows, [f"{m}:{Model._fields[m].aggregator}" for m in measures]
                )
                self.assertIsInstance(groups, list)
                for matching in pivot["fieldMatching"].values():
                    self.assertIn(matching["chain"], Model._fields)
            for sheet in data["sheets"]:
                for figure in sheet["figures"]:
                    meta = figure["data"].get("metaData")
                    if not meta:
                        continue
                    Model = self.env[meta["resModel"]]
                    self.assertIn(meta["measure"], Model._fields)
                    for groupby in meta["groupBy"]:
                        self.assertIn(groupby.split(":")[0], Model._fields)
            self.assertTrue(data["globalFilters"], "period, unit, category and channel filters")

    def test_headline_figures_match_the_analysis(self):
        Ticket = self.env["helpdesk.ticket"]
        category = self.env.ref("complaint_management.cat_service_delay")
        before = self.env["complaint.report"].formatted_read_group([], [], ["received:sum"])[0]
        Ticket.create(
            [
                {
                    "name": f"Dashboard {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "category_id": category.id,
                    "partner_name": f"Person {i}",
                }
                for i in range(3)
            ]
        )
        self.env.flush_all()
        dashboard = self.env.ref("complaint_management.spreadsheet_dashboard_complaint")
        data = json.loads(dashboard.spreadsheet_data)
        received = next(
            p for p in data["pivots"].values() if p["measures"][0]["fieldName"] == "received"
        )
        after = self.env["complaint.report"].formatted_read_group(
            received["domain"], [], ["received:sum"]
        )[0]
        self.assertEqual(after["received:sum"], (before["received:sum"] or 0) + 3)

    def test_officer_opens_the_dashboard_and_a_handler_does_not_see_it(self):
        dashboard = self.env.ref("complaint_management.spreadsheet_dashboard_complaint")
        officer_view = dashboard.with_user(self.officer)
        officer_view.check_access("read")
        snapshot = json.loads(officer_view._get_serialized_readonly_dashboard())["snapshot"]
        self.assertEqual(snapshot["sheets"][0]["name"], "Dashboard")
        visible = (
            self.env["spreadsheet.dashboard.group"]
            .with_user(self.handler)
            .search([])
            .mapped("published_dashboard_ids")
        )
        self.assertNotIn(dashboard.id, visible.ids)

    def test_the_default_period_holds_the_current_month(self):
        # Odoo's "last_12_months" ends with the previous month; these periods end today
        with_today = {"year_to_date", "this_year", "this_quarter", "this_month", "month_to_date"}
        for dashboard in self._dashboards():
            data = json.loads(dashboard.spreadsheet_data)
            [period] = [f for f in data["globalFilters"] if f["type"] == "date"]
            with self.subTest(dashboard=dashboard.name):
                self.assertIn(period["defaultValue"], with_today)

    def test_on_time_rate_counts_only_complaints_that_had_a_deadline(self):
        """The deadline dashboard showed 100 % closed on time beside 29 overdue complaints:
        complaints closed without any deadline clock counted as closed on time."""
        Report = self.env["complaint.report"]
        if "on_time_rate" not in Report._fields:
            self.skipTest("complaint_sla is not installed")
        closed = self.env.ref("complaint_management.stage_complaint_closed")
        category = self.env.ref("complaint_management.cat_service_delay")
        with freeze_time("2027-03-01 02:00:00"):
            on_time, late, no_deadline, overdue, running = self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Deadline {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "category_id": category.id,
                        "partner_name": f"Person {i}",
                    }
                    for i in range(5)
                ]
            )
        tickets = on_time | late | no_deadline | overdue | running
        self.assertTrue(
            all(tickets.mapped("complaint_clock_ids")), "the shipped rules set deadlines"
        )
        (late | overdue).complaint_clock_ids.sudo().write({"state": "breached"})
        no_deadline.complaint_clock_ids.sudo().unlink()  # closed before complaint_sla, or no rule
        with freeze_time("2027-03-01 03:00:00"):
            (on_time | late | no_deadline).write({"stage_id": closed.id})
        self.env.flush_all()
        [row] = Report.formatted_read_group(
            [("ticket_id", "in", tickets.ids)],
            [],
            ["closed:sum", "closed_on_time:sum", "overdue:sum", "on_time_rate:avg"],
        )
        self.assertEqual(row["closed:sum"], 3)
        self.assertEqual(row["closed_on_time:sum"], 1)
        self.assertEqual(row["overdue:sum"], 2)
        self.assertAlmostEqual(row["on_time_rate:avg"], 50.0, msg="1 of the 2 with a deadline")
        [alone] = Report.formatted_read_group(
            [("ticket_id", "=", no_deadline.id)], [], ["on_time_rate:avg"]
        )
        self.assertFalse(alone["on_time_rate:avg"], "no deadline: no rate, not 100 %")

import json

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

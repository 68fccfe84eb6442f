"""XLSX export of complaints: the ledger (台账, one row per complaint) and summary sheets per
unit, category, channel and month, plus the period's hot issues against the previous period.

Rows are read in chunks as the current user (record rules and the complainant's confidentiality
apply) and written with xlsxwriter in constant-memory mode, so memory stays flat whatever the
period; summaries are accumulated while streaming.
"""

import base64
import os
import tempfile
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

CHUNK = 2000


class ComplaintExportWizard(models.TransientModel):
    _name = "complaint.export.wizard"
    _description = "Export Complaints to XLSX"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Units")
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period starts after it ends."))

    # ------------------------------------------------------------------------------------------

    def _get_domain(self, date_from=None, date_to=None):
        start = datetime.combine(date_from or self.date_from, time.min)
        end = datetime.combine((date_to or self.date_to) + timedelta(days=1), time.min)
        domain = [
            ("is_complaint", "=", True),
            ("received_date", ">=", start),
            ("received_date", "<", end),
        ]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        if self.category_ids:
            domain.append(("category_id", "child_of", self.category_ids.ids))
        return domain

    def _get_ledger_columns(self):
        """[(field name, width)] of the ledger, in order; identity columns only for users who
        may read them. Other addons append their columns."""
        Ticket = self.env["helpdesk.ticket"]
        columns = [
            ("number", 16),
            ("received_date", 18),
            ("name", 40),
            ("channel_id", 16),
            ("category_id", 28),
            ("severity", 10),
            ("scope_tier", 10),
            ("customer_tier", 10),
            ("region_id", 18),
            ("event_location", 24),
            ("accused_party", 20),
            ("team_id", 24),
            ("user_id", 16),
            ("first_contact_user_id", 16),
            ("stage_id", 14),
            ("is_repeat", 8),
            ("is_collective", 8),
            ("accepted_date", 18),
            ("reply_method", 12),
            ("reply_date", 18),
            ("verdict", 16),
            ("cause", 30),
            ("responsible_team_id", 20),
            ("corrective_action", 30),
            ("closed_date", 18),
        ]
        if not Ticket._is_identity_restricted():
            columns[3:3] = [("partner_name", 16), ("partner_phone", 16), ("partner_email", 22)]
        return [(name, width) for name, width in columns if name in Ticket._fields]

    def _format_value(self, ticket, name, field):
        value = ticket[name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "") if value else ""
        if field.type == "boolean":
            return 1 if value else 0
        if field.type == "datetime":
            return (
                fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)
                if value
                else None
            )
        if field.type == "date":
            return value or None
        return value or ""

    def action_export(self):
        self.ensure_one()
        data, name = self._build_workbook()
        self.write({"file_data": base64.b64encode(data), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file_data"
            f"&filename_field=file_name&download=true",
            "target": "self",
        }

    def _build_workbook(self):
        """(xlsx bytes, file name)."""
        Ticket = self.env["helpdesk.ticket"]
        lang_env = self.env
        columns = self._get_ledger_columns()
        descriptions = {
            name: Ticket._fields[name].get_description(lang_env)["string"] for name, _w in columns
        }
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "in_memory": False})
            formats = {
                "header": workbook.add_format(
                    {"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True}
                ),
                "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
                "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
                "int": workbook.add_format({"num_format": "0"}),
                "percent": workbook.add_format({"num_format": "0.0%"}),
                "title": workbook.add_format({"bold": True, "font_size": 13}),
            }
            ledger = workbook.add_worksheet(self.env._("Ledger"))
            summaries = self._write_ledger(ledger, formats, columns, descriptions)
            self._write_summaries(workbook, formats, summaries)
            self._write_hot_issues(workbook, formats, summaries)
            workbook.close()
            with open(path, "rb") as xlsx:
                data = xlsx.read()
        finally:
            os.unlink(path)
        name = f"complaints_{self.date_from}_{self.date_to}.xlsx"
        return data, name

    def _write_ledger(self, sheet, formats, columns, descriptions):
        for col, (name, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, descriptions[name], formats["header"])
        sheet.freeze_panes(1, 0)
        Ticket = self.env["helpdesk.ticket"]
        field_objs = [(name, Ticket._fields[name]) for name, _w in columns]
        summaries = {
            "unit": defaultdict(Counter),
            "category": defaultdict(Counter),
            "channel": defaultdict(Counter),
            "month": defaultdict(Counter),
            "hot_category": Counter(),
            "hot_place": Counter(),
            "hot_accused": Counter(),
        }
        row = 1
        last_id = 0
        domain = self._get_domain()
        while True:
            # keyset pagination: stable and index-friendly on long periods
            tickets = Ticket.search_fetch(
                domain + [("id", ">", last_id)],
                [name for name, _w in columns] + ["complaint_phase", "closed"],
                order="id",
                limit=CHUNK,
            )
            if not tickets:
                break
            for ticket in tickets:
                for col, (name, field) in enumerate(field_objs):
                    value = self._format_value(ticket, name, field)
                    if field.type == "datetime" and value:
                        sheet.write_datetime(row, col, value, formats["datetime"])
                    elif field.type == "date" and value:
                        sheet.write_datetime(
                            row, col, datetime.combine(value, time.min), formats["date"]
                        )
                    elif value is None:
                        sheet.write_blank(row, col, None)
                    else:
                        sheet.write(row, col, value)
                self._accumulate(summaries, ticket)
                row += 1
            last_id = tickets[-1].id
            tickets.invalidate_recordset()
        if row == 1:
            sheet.write(1, 0, self.env._("No complaints in this period."))
        else:
            sheet.autofilter(0, 0, row - 1, len(columns) - 1)
        return summaries

    def _measures(self, ticket):
        """0/1 measures of one complaint for the summary sheets; extended by other addons."""
        phase = ticket.complaint_phase
        return {
            "received": 1,
            "refused": int(phase == "refused"),
            "transferred": int(phase == "transferred"),
            "closed": int(phase == "closed"),
            "repeat": int(ticket.is_repeat),
            "collective": int(ticket.is_collective),
        }

    def _measure_labels(self):
        return {
            "received": self.env._("Received"),
            "refused": self.env._("Refused"),
            "transferred": self.env._("Transferred"),
            "closed": self.env._("Closed"),
            "repeat": self.env._("Repeat"),
            "collective": self.env._("Collective"),
        }

    def _rates(self):
        """[(label, numerator, denominator)] shown as percentages; extended by other addons."""
        return [(self.env._("Closure rate"), "closed", "received")]

    def _accumulate(self, summaries, ticket):
        measures = self._measures(ticket)
        local = (
            fields.Datetime.context_timestamp(self, ticket.received_date)
            if ticket.received_date
            else None
        )
        keys = {
            "unit": ticket.team_id.display_name or self.env._("(no unit)"),
            "category": ticket.category_id.display_name or self.env._("(no category)"),
            "channel": ticket.channel_id.display_name or self.env._("(no channel)"),
            "month": local.strftime("%Y-%m") if local else "",
        }
        for sheet, key in keys.items():
            summaries[sheet][key].update(measures)
        if ticket.category_id:
            summaries["hot_category"][ticket.category_id.display_name] += 1
        if ticket.event_location:
            summaries["hot_place"][ticket.event_location.strip()] += 1
        if ticket.accused_party:
            summaries["hot_accused"][ticket.accused_party.strip()] += 1

    def _write_summaries(self, workbook, formats, summaries):
        labels = self._measure_labels()
        rates = self._rates()
        sheets = [
            ("unit", self.env._("By unit"), self.env._("Unit")),
            ("category", self.env._("By category"), self.env._("Category")),
            ("channel", self.env._("By channel"), self.env._("Channel")),
            ("month", self.env._("By month"), self.env._("Month")),
        ]
        for key, title, first in sheets:
            sheet = workbook.add_worksheet(title)
            headers = [first] + list(labels.values()) + [label for label, _n, _d in rates]
            for col, header in enumerate(headers):
                sheet.write(0, col, header, formats["header"])
                sheet.set_column(col, col, 28 if col == 0 else 12)
            sheet.freeze_panes(1, 1)
            rows = sorted(summaries[key].items())
            if not rows:
                sheet.write(1, 0, self.env._("No complaints in this period."))
                continue
            for row, (name, counter) in enumerate(rows, start=1):
                sheet.write(row, 0, name)
                for col, measure in enumerate(labels, start=1):
                    sheet.write_number(row, col, counter[measure], formats["int"])
                for col, (_label, num, den) in enumerate(rates, start=1 + len(labels)):
                    if counter[den]:
                        sheet.write_number(
                            row, col, counter[num] / counter[den], formats["percent"]
                        )
                    else:
                        sheet.write_blank(row, col, None)
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)

    def _write_hot_issues(self, workbook, formats, summaries):
        """Top categories, places and accused parties against the previous period."""
        sheet = workbook.add_worksheet(self.env._("Hot issues"))
        length = (self.date_to - self.date_from).days + 1
        previous = self._previous_counts(
            self.date_from - timedelta(days=length), self.date_from - timedelta(days=1)
        )
        row = 0
        for key, title in [
            ("hot_category", self.env._("Top categories")),
            ("hot_place", self.env._("Top places")),
            ("hot_accused", self.env._("Top accused units or persons")),
        ]:
            sheet.write(row, 0, title, formats["title"])
            row += 1
            for col, header in enumerate(
                [
                    title,
                    self.env._("This period"),
                    self.env._("Previous period"),
                    self.env._("Change"),
                ]
            ):
                sheet.write(row, col, header, formats["header"])
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 3, 14)
            row += 1
            top = summaries[key].most_common(10)
            if not top:
                sheet.write(row, 0, self.env._("No complaints in this period."))
                row += 2
                continue
            for name, count in top:
                before = previous[key].get(name, 0)
                sheet.write(row, 0, name)
                sheet.write_number(row, 1, count, formats["int"])
                sheet.write_number(row, 2, before, formats["int"])
                if before:
                    sheet.write_number(row, 3, (count - before) / before, formats["percent"])
                else:
                    sheet.write(row, 3, self.env._("new"))
                row += 1
            row += 1

    def _previous_counts(self, date_from, date_to):
        Ticket = self.env["helpdesk.ticket"]
        domain = self._get_domain(date_from, date_to)
        result = {"hot_category": Counter(), "hot_place": Counter(), "hot_accused": Counter()}
        for category, count in Ticket._read_group(domain, ["category_id"], ["__count"]):
            if category:
                result["hot_category"][category.display_name] = count
        for place, count in Ticket._read_group(domain, ["event_location"], ["__count"]):
            if place:
                result["hot_place"][place.strip()] += count
        for accused, count in Ticket._read_group(domain, ["accused_party"], ["__count"]):
            if accused:
                result["hot_accused"][accused.strip()] += count
        return result

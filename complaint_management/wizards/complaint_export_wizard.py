"""XLSX export of complaints: the ledger (台账, one row per complaint) and summary sheets per
unit, category, channel and month, plus the period's hot issues against the previous period.

Rows are read by SQL in keyset chunks as the current user (record rules and the complainant's
confidentiality apply) and written with xlsxwriter in constant-memory mode, so memory stays flat
whatever the period; the summaries come from one grouped query. A period holding more
complaints than a threshold is queued as a complaint.export.job: a cron builds the workbook as
the user who asked and sends it to their inbox.
"""

import base64
import os
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import pytz
import xlsxwriter
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.notification import notification_action

CHUNK = 2000
# Day number of 1970-01-01 in Excel's 1900 date system
EXCEL_EPOCH = 25569


def _as_int(value):
    return 1 if value else 0


def _excel_serial(value, tz):
    """Excel serial number of a date or datetime (the latter in the time zone ``tz``)."""
    if not value:
        return None
    if isinstance(value, datetime):
        value = pytz.utc.localize(value).astimezone(pytz.timezone(tz)).replace(tzinfo=None)
        return (value - datetime(1970, 1, 1)).total_seconds() / 86400 + EXCEL_EPOCH
    return (value - date(1970, 1, 1)).days + EXCEL_EPOCH


class ComplaintExportWizard(models.TransientModel):
    _name = "complaint.export.wizard"
    _description = "Export Complaints to XLSX"

    date_from = fields.Date(required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(required=True, default=lambda self: self._get_today())
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Units")
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("queued", "Queued"), ("done", "Done"), ("failed", "Failed")],
        default="draft",
        readonly=True,
    )

    @api.model
    def _get_tz(self):
        """The time zone of the periods: the user's, else their company's."""
        return LedgerReader.user_tz(self.env)

    @api.model
    def _get_today(self):
        return datetime.now(pytz.timezone(self._get_tz())).date()

    @api.model
    def _default_date_from(self):
        """The ledger: this month. Hot issues: the last 30 days, never an empty first day."""
        today = self._get_today()
        if self.env.context.get("complaint_hot_issues"):
            return today - timedelta(days=29)
        return today.replace(day=1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period starts after it ends."))

    # ------------------------------------------------------------------------------------------

    def _get_domain(self, date_from=None, date_to=None):
        """The complaints received from the first day's midnight to the last day's end, in the
        user's time zone: the days the user sees on screen and in the sheets."""
        tz = pytz.timezone(self._get_tz())

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        start = utc(date_from or self.date_from)
        end = utc((date_to or self.date_to) + timedelta(days=1))
        domain = [
            ("is_complaint", "=", True),
            ("complaint_received_date", ">=", start),
            ("complaint_received_date", "<", end),
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
            ("complaint_received_date", 18),
            ("name", 40),
            ("channel_id", 16),
            ("category_id", 28),
            ("complaint_severity", 10),
            ("complaint_scope_tier", 10),
            ("complaint_customer_tier", 10),
            ("complaint_region_id", 18),
            ("complaint_event_location", 24),
            ("complaint_accused_party", 20),
            ("team_id", 24),
            ("user_id", 16),
            ("complaint_first_contact_user_id", 16),
            ("stage_id", 14),
            ("complaint_is_repeat", 8),
            ("complaint_is_collective", 8),
            ("complaint_accepted_date", 18),
            ("complaint_reply_method", 12),
            ("complaint_reply_date", 18),
            ("complaint_verdict", 16),
            ("complaint_cause", 30),
            ("complaint_responsible_team_id", 20),
            ("complaint_corrective_action", 30),
            ("closed_date", 18),
        ]
        if not Ticket._is_identity_restricted():
            columns[3:3] = [
                ("complainant_name", 16),
                ("complainant_phone", 16),
                ("complainant_email", 22),
            ]
        return [(name, width) for name, width in columns if name in Ticket._fields]

    def action_export(self):
        """Build the workbook now, or queue it when the period holds more complaints than the
        configured threshold: the cron builds it and the user gets the file in their inbox, so
        a long export never times out the browser."""
        self.ensure_one()
        threshold = self.env["helpdesk.ticket"]._get_complaint_param("export_queue_threshold", 0)
        if (
            threshold
            and self.env["helpdesk.ticket"].search_count(self._get_domain(), limit=threshold + 1)
            > threshold
        ):
            self.env["complaint.export.job"].create(
                {
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "team_ids": [fields.Command.set(self.team_ids.ids)],
                    "category_ids": [fields.Command.set(self.category_ids.ids)],
                }
            )
            self.state = "queued"
            self.env.ref("complaint_management.ir_cron_complaint_exports")._trigger()
            return notification_action(
                self.env._(
                    "This period holds many complaints: the workbook is being prepared and "
                    "will arrive in your inbox."
                ),
                title=self.env._("Export queued"),
            )
        data, name = self._build_workbook()
        self.write({"file_data": base64.b64encode(data), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file_data"
            f"&filename_field=file_name&download=true",
            "target": "self",
        }

    def _notify_export(self, text, url=None):
        body = Markup("<p>%s</p>") % text
        if url:
            body += Markup('<p><a href="%s">%s</a></p>') % (url, self.env._("Download"))
        # sudo: the notification is posted by the system on the user's own partner
        self.env.user.partner_id.sudo().message_notify(
            partner_ids=self.env.user.partner_id.ids,
            subject=self.env._("Complaint export"),
            body=body,
        )

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
            self._write_ledger(ledger, formats, columns, descriptions)
            self._write_summaries(workbook, formats, self._summaries())
            self._write_hot_issues(workbook, formats)
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
        reader = LedgerReader(self, [name for name, _w in columns])
        cell_formats = [formats.get(kind) for kind in reader.kinds]
        writers = [
            sheet.write_string if kind == "string" else sheet.write_number for kind in reader.kinds
        ]
        row = 1
        for values in reader.rows(self._get_domain()):
            for col, value in enumerate(values):
                # empty cells are simply not written
                if value is not None and value != "":
                    writers[col](row, col, value, cell_formats[col])
            row += 1
        if row == 1:
            sheet.write(1, 0, self.env._("No complaints in this period."))
        else:
            sheet.autofilter(0, 0, row - 1, len(columns) - 1)

    def _summaries(self):
        """{sheet: {row name: Counter of measures}} for the unit, category, channel and month
        sheets, from one grouped query over the complaints the user may read."""
        measures = self._measure_sql()
        tz = self._get_tz()
        received = SQL(
            "to_char(COALESCE(t.complaint_received_date, t.create_date) AT TIME ZONE 'UTC' "
            "AT TIME ZONE %s, 'YYYY-MM')",
            tz,
        )
        rows = self._summary_rows(measures, received)

        def names(model, ids, empty):
            records = self.env[model].with_context(active_test=False).browse(ids)
            result = {record.id: record.display_name for record in records}
            result[None] = empty
            return result

        units = names("helpdesk.ticket.team", {r[0] for r in rows if r[0]}, self.env._("(no unit)"))
        categories = names(
            "helpdesk.ticket.category", {r[1] for r in rows if r[1]}, self.env._("(no category)")
        )
        channels = names(
            "helpdesk.ticket.channel", {r[2] for r in rows if r[2]}, self.env._("(no channel)")
        )
        summaries = {
            sheet: defaultdict(Counter) for sheet in ("unit", "category", "channel", "month")
        }
        for team, category, channel, month, *sums in rows:
            # a sum over rows whose measure is NULL is NULL (a measure of another addon may be)
            counts = {measure: value or 0 for measure, value in zip(measures, sums, strict=True)}
            summaries["unit"][units[team]].update(counts)
            summaries["category"][categories[category]].update(counts)
            summaries["channel"][channels[channel]].update(counts)
            summaries["month"][month].update(counts)
        return summaries

    def _measure_sql(self):
        """{measure: SQL expression over helpdesk_ticket t} for the summary sheets: the analysis
        report's own columns, so the sheets and the pivot view agree. Other addons add labels
        (and the expression of a measure the report does not have)."""
        report_columns = self.env["complaint.report"]._select_columns()
        return {
            name: report_columns[name] for name in self._measure_labels() if name in report_columns
        }

    def _measure_labels(self):
        return {
            "received": self.env._("Complaints received"),
            "refused": self.env._("Refused"),
            "transferred": self.env._("Transferred"),
            "closed": self.env._("Closed"),
            "repeat": self.env._("Repeat"),
            "collective": self.env._("Collective"),
        }

    def _rates(self):
        """[(label, numerator, denominator)] shown as percentages; extended by other addons."""
        return [(self.env._("Closure rate"), "closed", "received")]

    def _summary_rows(self, measures, received):
        """[(team id, category id, channel id, month, sum of each measure...)]"""
        ticket_ids = self.env["helpdesk.ticket"]._search(self._get_domain()).subselect()
        query = SQL(
            "SELECT t.team_id, t.category_id, t.channel_id, %s, %s FROM %s "
            "WHERE t.id IN %s GROUP BY 1, 2, 3, 4",
            received,
            SQL(", ").join(SQL("SUM(%s)", expr) for expr in measures.values()),
            self.env["complaint.report"]._from_joins(ticket_ids),
            ticket_ids,
        )
        return self.env.execute_query(query)

    def _write_summaries(self, workbook, formats, summaries):
        labels = self._measure_labels()
        rates = self._rates()
        # a dict, not tuples: Odoo's term extractor takes a tuple's first string for a term
        sheets = {
            "unit": (self.env._("By unit"), self.env._("Unit")),
            "category": (self.env._("By category"), self.env._("Category")),
            "channel": (self.env._("By channel"), self.env._("Channel")),
            "month": (self.env._("By month"), self.env._("Month")),
        }
        for key, (title, first) in sheets.items():
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

    def _hot_issue_rows(self):
        """[(kind, title, [(name, count, previous count), ...])]: the ten most frequent
        categories, places and accused parties of the period, beside the same number of days
        just before it."""
        length = (self.date_to - self.date_from).days + 1
        current = self._hot_counts(self.date_from, self.date_to)
        previous = self._hot_counts(
            self.date_from - timedelta(days=length), self.date_from - timedelta(days=1)
        )
        # the kinds and their titles are those of the on-screen lines
        kinds = self.env["complaint.hot.issue"]._fields["kind"]
        titles = dict(kinds._description_selection(self.env))
        return [
            (
                kind,
                title,
                [
                    (name, count, previous[kind].get(name, 0))
                    for name, count in current[kind].most_common(10)
                ],
            )
            for kind, title in titles.items()
        ]

    def _write_hot_issues(self, workbook, formats):
        """Top categories, places and accused parties against the previous period."""
        sheet = workbook.add_worksheet(self.env._("Hot issues"))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 3, 14)
        row = 0
        for _kind, title, top in self._hot_issue_rows():
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
            row += 1
            if not top:
                sheet.write(row, 0, self.env._("No complaints in this period."))
                row += 2
                continue
            for name, count, before in top:
                sheet.write(row, 0, name)
                sheet.write_number(row, 1, count, formats["int"])
                sheet.write_number(row, 2, before, formats["int"])
                if before:
                    sheet.write_number(row, 3, (count - before) / before, formats["percent"])
                else:
                    sheet.write(row, 3, self.env._("new"))
                row += 1
            row += 1

    def action_show_hot_issues(self):
        """The period's hot issues on screen, as lines the user can sort and group."""
        self.ensure_one()
        Line = self.env["complaint.hot.issue"]
        Line.search([("create_uid", "=", self.env.uid)]).unlink()
        lines = Line.create(
            [
                {
                    "kind": kind,
                    "rank": rank,
                    "name": name,
                    "count": count,
                    "previous_count": before,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
                for kind, _title, top in self._hot_issue_rows()
                for rank, (name, count, before) in enumerate(top, start=1)
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Hot issues %(date_from)s – %(date_to)s",
                date_from=self.date_from,
                date_to=self.date_to,
            ),
            "res_model": "complaint.hot.issue",
            "view_mode": "list",
            "views": [(False, "list")],
            "domain": [("id", "in", lines.ids)],
            "context": {"group_by": ["kind"]},
            "target": "current",
            "help": Markup('<p class="o_view_nocontent_empty_folder">%s</p>')
            % self.env._("No complaints in this period."),
        }

    def _hot_counts(self, date_from, date_to):
        Ticket = self.env["helpdesk.ticket"]
        domain = self._get_domain(date_from, date_to)
        result = {"category": Counter(), "place": Counter(), "accused": Counter()}
        for category, count in Ticket._read_group(domain, ["category_id"], ["__count"]):
            if category:
                result["category"][category.display_name] = count
        for place, count in Ticket._read_group(domain, ["complaint_event_location"], ["__count"]):
            if place:
                result["place"][place.strip()] += count
        for accused, count in Ticket._read_group(domain, ["complaint_accused_party"], ["__count"]):
            if accused:
                result["accused"][accused.strip()] += count
        return result


class LedgerReader:
    """The ledger rows of a domain, read by SQL in keyset chunks as the wizard's user.

    Record rules apply (the ids of each chunk come from ``_search``) and a column the user may
    not read raises (``_field_to_sql`` checks field access; ``_get_ledger_columns`` leaves
    identity fields out for restricted users). Values are converted once per distinct value, not
    per cell: many2one names are read in one batch per chunk and cached, selection labels come
    from a dictionary and datetimes are shifted to the user's time zone by PostgreSQL.
    """

    def __init__(self, wizard, names):
        self.env = wizard.env
        self.Ticket = self.env["helpdesk.ticket"]
        self.fields = [self.Ticket._fields[name] for name in names]
        self.tz = self.user_tz(self.env)
        self.kinds = [self._kind(field) for field in self.fields]
        self.labels = {
            field.name: dict(field._description_selection(self.env))
            for field in self.fields
            if field.type == "selection"
        }
        self.names = defaultdict(dict)  # comodel -> {id: display name}

    @staticmethod
    def user_tz(env):
        """The user's time zone, else their company's (its calendar's, else Beijing time)."""
        for tz in (env.context.get("tz"), env.user.tz):
            if tz in pytz.all_timezones_set:
                return tz
        return env.company._get_complaint_tz()

    @staticmethod
    def _kind(field):
        if field.type in ("datetime", "date"):
            return field.type
        if field.type in ("integer", "float", "monetary", "boolean"):
            return "number"
        return "string"

    def _select(self):
        """One SQL expression per column; dates and datetimes come as Excel serial numbers of
        the user's local time, written as numbers with a date format."""
        Ticket = self.Ticket
        columns = []
        for field in self.fields:
            if not (field.store and field.column_type):
                columns.append(SQL("NULL"))  # computed on the fly: read through the ORM
                continue
            expr = Ticket._field_to_sql("t", field.name)
            if field.type == "datetime":
                expr = SQL(
                    "EXTRACT(EPOCH FROM (%s AT TIME ZONE 'UTC' AT TIME ZONE %s)) / 86400.0 + %s",
                    expr,
                    self.tz,
                    EXCEL_EPOCH,
                )
            elif field.type == "date":
                expr = SQL("(%s - DATE '1970-01-01') + %s", expr, EXCEL_EPOCH)
            columns.append(expr)
        columns.append(SQL("t.id"))
        return SQL(", ").join(columns)

    def _converters(self):
        """[(column, function)] turning the raw values of the columns that need it into cell
        values."""
        converters = []
        for col, field in enumerate(self.fields):
            if field.type == "many2one":
                converters.append((col, self.names[field.comodel_name].get))
            elif field.type == "selection":
                converters.append((col, self.labels[field.name].get))
            elif field.type == "boolean":
                converters.append((col, _as_int))
        return converters

    def rows(self, domain):
        """Yield the cell values of each complaint, None for an empty cell."""
        Ticket = self.Ticket
        select = self._select()
        width = len(self.fields)
        computed = [
            (col, field)
            for col, field in enumerate(self.fields)
            if not (field.store and field.column_type)
        ]
        converters = self._converters()
        last_id = 0
        while True:
            # keyset pagination: stable and index-friendly on long periods
            ids = Ticket._search(domain + [("id", ">", last_id)], order="id", limit=CHUNK)
            raw = self.env.execute_query(
                SQL(
                    # "t.id > last" again outside: the planner then reads a range of the
                    # primary key instead of scanning the table for every chunk
                    "SELECT %s FROM helpdesk_ticket t WHERE t.id > %s AND t.id IN %s ORDER BY t.id",
                    select,
                    last_id,
                    ids.subselect(),
                )
            )
            if not raw:
                return
            raw = [list(row) for row in raw]
            if computed:
                records = Ticket.browse([row[width] for row in raw])
                for row, record in zip(raw, records, strict=True):
                    for col, field in computed:
                        value = record[field.name]
                        row[col] = value.id if field.type == "many2one" else value
                        if field.type in ("char", "text", "html", "many2one") and not value:
                            row[col] = None  # an empty cell, not "FALSE"
                        if field.type in ("date", "datetime"):
                            row[col] = _excel_serial(value, self.tz)
            last_id = raw[-1][width]
            self._fetch_names(raw)
            for row in raw:
                for col, convert in converters:
                    row[col] = convert(row[col])
                del row[width:]
                yield row
            self.env.invalidate_all()

    def _fetch_names(self, raw):
        """Read the display names of the chunk's many2one values not seen yet, in one batch
        per model."""
        wanted = defaultdict(set)
        for col, field in enumerate(self.fields):
            if field.type == "many2one":
                wanted[field.comodel_name].update(row[col] for row in raw if row[col])
        for model, ids in wanted.items():
            known = self.names[model]
            missing = [record_id for record_id in ids if record_id not in known]
            if missing:
                records = self.env[model].with_context(active_test=False).browse(missing)
                known.update((record.id, record.display_name) for record in records)

"""Fill a calendar's public holidays and make-up working days (调休) for a year, from the
chinese-calendar package or from a CSV file for years the package does not know yet."""

import base64
import csv
import io
from datetime import date, datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models
from odoo.exceptions import UserError

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - declared in external_dependencies
    chinese_calendar = None


class ComplaintHolidayImportWizard(models.TransientModel):
    _name = "complaint.holiday.import.wizard"
    _description = "Import Public Holidays"

    calendar_id = fields.Many2one("resource.calendar", required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    source = fields.Selection(
        [("package", "China's official arrangement (chinese-calendar)"), ("csv", "CSV file")],
        required=True,
        default="package",
    )
    csv_file = fields.Binary(string="CSV file")
    csv_help = fields.Char(
        default="date,kind,name — kind is 'holiday' or 'workday', e.g. 2027-02-06,holiday,"
        "Spring Festival",
        readonly=True,
    )

    def _days_from_package(self):
        if chinese_calendar is None:
            raise UserError(self.env._("The chinese-calendar package is not installed."))
        start, end = date(self.year, 1, 1), date(self.year, 12, 31)
        try:
            holidays = chinese_calendar.get_holidays(start, end, include_weekends=False)
            workdays = [
                d
                for d in chinese_calendar.get_workdays(start, end, include_weekends=True)
                if d.weekday() >= 5
            ]
            names = {d: chinese_calendar.get_holiday_detail(d)[1] for d in holidays}
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "The chinese-calendar package does not know %(year)s yet (%(error)s). The "
                    "State Council announces each year's arrangement in winter: enter the "
                    "holidays and make-up working days by hand, or import them from a CSV file.",
                    year=self.year,
                    error=error,
                )
            ) from error
        return [(d, "holiday", names.get(d) or "") for d in holidays] + [
            (d, "workday", self.env._("Make-up working day")) for d in workdays
        ]

    def _days_from_csv(self):
        if not self.csv_file:
            raise UserError(self.env._("Choose the CSV file to import."))
        text = base64.b64decode(self.csv_file).decode("utf-8-sig")
        rows = []
        for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not row or row[0].strip().lower() in ("date", ""):
                continue
            try:
                day = datetime.strptime(row[0].strip(), "%Y-%m-%d").date()
                kind = row[1].strip().lower()
            except (ValueError, IndexError) as error:
                raise UserError(
                    self.env._(
                        "Line %(line)s: expected 'YYYY-MM-DD,holiday|workday,name'.", line=line_no
                    )
                ) from error
            if kind not in ("holiday", "workday"):
                raise UserError(
                    self.env._("Line %(line)s: kind must be 'holiday' or 'workday'.", line=line_no)
                )
            rows.append((day, kind, row[2].strip() if len(row) > 2 else ""))
        if not rows:
            raise UserError(self.env._("The CSV file holds no dates."))
        return rows

    def action_import(self):
        self.ensure_one()
        days = self._days_from_package() if self.source == "package" else self._days_from_csv()
        calendar = self.calendar_id
        tz = timezone(calendar.tz or "UTC")
        Leave = self.env["resource.calendar.leaves"]
        Workday = self.env["complaint.calendar.workday"]
        existing_leaves = {
            utc.localize(leave.date_from).astimezone(tz).date()
            for leave in Leave.search(
                [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
            )
        }
        existing_workdays = set(Workday.search([("calendar_id", "=", calendar.id)]).mapped("date"))
        leave_vals, workday_vals = [], []
        for day, kind, name in days:
            if kind == "holiday" and day not in existing_leaves:
                begin = tz.localize(datetime.combine(day, time.min)).astimezone(utc)
                leave_vals.append(
                    {
                        "name": name or self.env._("Public holiday"),
                        "calendar_id": calendar.id,
                        "date_from": begin.replace(tzinfo=None),
                        "date_to": (begin + timedelta(days=1, seconds=-1)).replace(tzinfo=None),
                        "time_type": "leave",
                    }
                )
            elif kind == "workday" and day not in existing_workdays:
                workday_vals.append({"calendar_id": calendar.id, "date": day, "name": name})
        Leave.create(leave_vals)
        Workday.create(workday_vals)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(holidays)s holidays and %(workdays)s make-up working days added.",
                    holidays=len(leave_vals),
                    workdays=len(workday_vals),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

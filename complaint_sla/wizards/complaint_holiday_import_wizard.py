"""Fill a calendar's public holidays and make-up working days (调休) for a year: from the
chinese-calendar or the holidays package, or from the State Council's notice typed into a CSV
file for a year that neither package has yet."""

import base64
import codecs
import csv
import io
from datetime import date, datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.complaint_management.tools.notification import notification_action

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - declared in external_dependencies
    chinese_calendar = None

KINDS = ("holiday", "workday")
# the errors shown of a CSV file with many bad rows
MAX_CSV_ERRORS = 20
# a CSV file of a year's notice has a few dozen rows
MAX_CSV_ROWS = 1000
# a holiday's name is a few words
MAX_NAME = 100
# how much of a wrong row its error quotes
MAX_ROW_TEXT = 80
# the years an official arrangement may be imported for
YEARS = (2000, 2100)


def _quote_row(cells):
    """A wrong row as its error quotes it: its beginning when it is long."""
    text = ",".join(cells)
    return text if len(text) <= MAX_ROW_TEXT else f"{text[:MAX_ROW_TEXT]}…"


def _break_weekends(holiday_names, workdays):
    """The weekend days inside holiday breaks: the holidays package lists the statutory days
    (a weekend one among them), chinese-calendar every day of the break. Both sources give the
    same calendar: a weekend day joined to a holiday by weekend days, none a make-up day."""
    days = {}
    for day, name in sorted(holiday_names.items()):
        for step in (timedelta(days=1), timedelta(days=-1)):
            other = day + step
            while other.weekday() >= 5 and other not in workdays and other not in holiday_names:
                days.setdefault(other, name)
                other += step
    return days


class ComplaintHolidayImportWizard(models.TransientModel):
    _name = "complaint.holiday.import.wizard"
    _description = "Import Public Holidays"

    calendar_id = fields.Many2one("resource.calendar", required=True)
    year = fields.Integer(required=True, default=lambda self: self._default_year())
    source = fields.Selection(
        [
            ("package", "China's official arrangement (chinese-calendar)"),
            ("holidays", "China's official arrangement (holidays)"),
            ("csv", "CSV file"),
        ],
        required=True,
        default="package",
        help="chinese-calendar and holidays are Python packages released with each year's "
        "official arrangement; for a year neither has yet, type the State Council's notice "
        "into a CSV file.",
    )
    csv_file = fields.Binary(string="CSV file")
    csv_filename = fields.Char()
    holiday_years = fields.Char(related="calendar_id.complaint_holiday_years")

    @api.model
    def _default_year(self):
        """This year, or the next one when this year's holidays are entered and the next
        year's not (the notice comes out in winter)."""
        today = fields.Date.context_today(self)
        calendar = self.env["resource.calendar"].browse(self.env.context.get("default_calendar_id"))
        if not calendar.exists():
            return today.year
        covered = calendar._get_complaint_holiday_years()
        if today.year in covered and today.year + 1 not in covered:
            return today.year + 1
        return today.year

    # ------------------------------------------------------------------------------------------
    # Sources: [(date, 'holiday' | 'workday', name)]
    # ------------------------------------------------------------------------------------------

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
            names = {
                d: self._holiday_label(chinese_calendar.get_holiday_detail(d)[1]) for d in holidays
            }
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

    def _holiday_label(self, name):
        """chinese-calendar names its holidays in English: the name in the user's language."""
        labels = {
            "New Year's Day": self.env._("New Year's Day"),
            "Spring Festival": self.env._("Spring Festival"),
            "Tomb-sweeping Day": self.env._("Tomb-sweeping Day"),
            "Labour Day": self.env._("Labour Day"),
            "Dragon Boat Festival": self.env._("Dragon Boat Festival"),
            "National Day": self.env._("National Day"),
            "Mid-autumn Festival": self.env._("Mid-autumn Festival"),
        }
        return labels.get(name, name)

    def _days_from_holidays(self):
        try:
            # imported here: an optional source, the addon works without it
            import holidays
        except ImportError as error:
            raise UserError(
                self.env._(
                    "The holidays package is not installed on the server (pip install "
                    "holidays): choose chinese-calendar or a CSV file."
                )
            ) from error
        language = "zh_CN" if (self.env.lang or "").startswith("zh") else "en_US"
        china = holidays.country_holidays("CN", years=self.year, language=language)
        workdays = {d for d in china.weekend_workdays if d.year == self.year}
        if not workdays:
            # every official arrangement since 2001 has make-up days; without one, the
            # package only estimates the year from the rules
            raise UserError(
                self.env._(
                    "The holidays package (version %(version)s) does not have the official "
                    "arrangement of %(year)s yet, only dates estimated from the rules. Update "
                    "it, or type the State Council's notice into a CSV file.",
                    version=getattr(holidays, "__version__", "?"),
                    year=self.year,
                )
            )
        days = {d: name for d, name in china.items() if d.year == self.year}
        days.update(_break_weekends(days, workdays))
        return [(d, "holiday", name) for d, name in sorted(days.items())] + [
            (d, "workday", self.env._("Make-up working day")) for d in sorted(workdays)
        ]

    def _read_csv_rows(self):
        """[(row number, [cells])] of the file, header included; UTF-8 (with or without BOM),
        GB 18030 (Excel on a Chinese Windows) or UTF-16 with its BOM (Excel's "Unicode text"),
        comma, semicolon or tab separated."""
        if not self.csv_file:
            raise UserError(self.env._("Choose the CSV file to import."))
        raw = base64.b64decode(self.csv_file)
        # Excel's "Unicode text" is UTF-16 with its byte order mark
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(self.env._("The CSV file is neither UTF-8 nor GB 18030 text."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [
            (number, [cell.strip() for cell in row])
            for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)
            if any(cell.strip() for cell in row)
        ]
        if len(rows) > MAX_CSV_ROWS:
            raise UserError(
                self.env._(
                    "The CSV file has %(count)s rows; a year's notice has a few dozen.",
                    count=len(rows),
                )
            )
        return rows

    def _check_csv_row(self, cells, columns, seen):
        """(date, kind, name) of a row, or the error that names what is wrong with it."""
        day_text = cells[columns["date"]] if len(cells) > columns["date"] else ""
        kind = (cells[columns["kind"]] if len(cells) > columns["kind"] else "").lower()
        name = cells[columns["name"]] if len(cells) > columns["name"] else ""
        try:
            day = datetime.strptime(day_text, "%Y-%m-%d").date()
        except ValueError:
            return None, self.env._(
                "the date %(date)s is not a date written YYYY-MM-DD", date=repr(day_text)
            )
        if day.year != self.year:
            return None, self.env._(
                "%(date)s is not in %(year)s, the year imported", date=day, year=self.year
            )
        if len(name) > MAX_NAME or "\n" in name:
            return None, self.env._(
                "the name is %(count)s characters long or on several lines (at most %(max)s on "
                "one line): is a quote left open?",
                count=len(name),
                max=MAX_NAME,
            )
        if kind not in KINDS:
            return None, self.env._(
                "the kind is %(kind)s, not 'holiday' or 'workday'", kind=repr(kind)
            )
        if kind == "workday" and day.weekday() < 5:
            return None, self.env._(
                "%(date)s is a weekday: a make-up working day falls on a weekend", date=day
            )
        if day in seen:
            return None, self.env._("%(date)s is already on row %(row)s", date=day, row=seen[day])
        return (day, kind, name), None

    def _days_from_csv(self):
        """The rows of a CSV file ``date,kind,name`` (header optional, columns in any order
        when it is there); every wrong row is reported, by its number, before anything is
        imported."""
        rows = self._read_csv_rows()
        columns = {"date": 0, "kind": 1, "name": 2}
        if rows and "date" in {cell.lower() for cell in rows[0][1]}:
            header = [cell.lower() for cell in rows.pop(0)[1]]
            missing = [key for key in ("date", "kind") if key not in header]
            if missing:
                raise UserError(
                    self.env._(
                        "Row 1: the header has no column %(columns)s.",
                        columns=", ".join(missing),
                    )
                )
            columns = {key: header.index(key) for key in columns if key in header}
            columns.setdefault("name", len(header))
        days, errors, seen = [], [], {}
        for number, cells in rows:
            day, error = self._check_csv_row(cells, columns, seen)
            if error:
                errors.append(
                    self.env._(
                        "Row %(row)s (%(text)s): %(error)s",
                        row=number,
                        text=_quote_row(cells),
                        error=error,
                    )
                )
                continue
            seen[day[0]] = number
            days.append(day)
        if errors:
            more = len(errors) - MAX_CSV_ERRORS
            lines = errors[:MAX_CSV_ERRORS]
            if more > 0:
                lines.append(self.env._("… and %(count)s more rows", count=more))
            raise UserError(
                self.env._(
                    "Nothing was imported; correct the CSV file:\n%(errors)s",
                    errors="\n".join(lines),
                )
            )
        if not days:
            raise UserError(self.env._("The CSV file holds no dates."))
        return days

    def _get_days(self):
        if not YEARS[0] <= self.year <= YEARS[1]:
            raise UserError(
                self.env._(
                    "Public holidays are imported for a year between %(first)s and %(last)s, "
                    "not %(year)s.",
                    first=YEARS[0],
                    last=YEARS[1],
                    year=self.year,
                )
            )
        if self.source == "holidays":
            return self._days_from_holidays()
        if self.source == "csv":
            return self._days_from_csv()
        return self._days_from_package()

    # ------------------------------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------------------------------

    def action_import(self):
        self.ensure_one()
        days = self._get_days()
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
        self._close_year_todos()
        return notification_action(
            self.env._(
                "%(holidays)s holidays and %(workdays)s make-up working days added.",
                holidays=len(leave_vals),
                workdays=len(workday_vals),
            ),
            "success",
        )

    def _close_year_todos(self):
        """The administrators' to-dos asking for this year's holidays are done."""
        if self.year not in self.calendar_id._get_complaint_holiday_years():
            return
        # sudo: the to-dos are the administrators', whoever imports the year
        todos = self.calendar_id.sudo().activity_ids.filtered(
            lambda a: str(self.year) in (a.summary or "")
        )
        if todos:
            todos.action_feedback(
                feedback=self.env._(
                    "Public holidays of %(year)s imported by %(user)s.",
                    year=self.year,
                    user=self.env.user.name,
                )
            )

"""Clocks (时限): one per complaint and phase, with its deadline, warning time, pauses and
escalation level.

The cron only looks at clocks whose ``next_check_at`` is due (a partial index), locks them with
SKIP LOCKED, and writes their next check in the same transaction as what it records and sends:
a second run, or a second worker, finds nothing left to do.
"""

import logging
from collections import defaultdict
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from odoo import Command, api, fields, models, tools
from odoo.tools import DEFAULT_SERVER_DATETIME_FORMAT as DATETIME_FORMAT
from odoo.tools import SQL, format_datetime
from odoo.tools.mail import generate_tracking_message_id

from ..timing import (
    compute_deadline,
    extend_by_pause,
    paused_time,
    push_deadline,
    warning_time,
)
from .helpdesk_ticket import DONE_PHASES, REGISTRATION_PHASES

_logger = logging.getLogger(__name__)

# clocks of deadlines set outside (an external platform's): no rule, calendar time, never
# paused by our waiting stages
EXTERNAL_PHASES = ("platform",)

# Where each phase's clock starts (SPEC §6): at the first contact (the complaint's receipt), at
# its registration, or at the event that starts it (then ``start`` is given). What stops it:
#   register      receipt → registration (judged at once)
#   dispatch      registration → acceptance (leaving "new"), refusal, transfer
#   first_answer  receipt → the first public message of staff, or the reply
#   resolution    receipt → closure, refusal, transfer; again from a reopening
#   contact       registration, then each contact → the next contact; stops at the reply
#                 (recurring: one clock per interval)
#   reply         the unit's result (result written, no assisting task open) → the reply
#   callback      the callback is planned → it is over (answered, unreachable, cancelled)
#   unreachable   the first failed attempt to reach the complainant → the callback is over
# The callback events come from complaint_survey through complaint_management's phase-event
# hook; their clocks run after closure.
PHASES_FROM_RECEIPT = ("register", "first_answer", "resolution")
# the complainant is kept informed while the complaint is handled, until the reply
CONTACT_PHASES = ("new", "dispatched", "in_progress", "waiting")
# phases in which the unit's result starts the reply clock
RESULT_PHASES = ("dispatched", "in_progress", "waiting")

# phase events of complaint_management's hook: (phases started, phases stopped)
PHASE_EVENTS = {
    "callback_planned": (("callback",), ()),
    "callback_attempt_failed": (("unreachable",), ()),
    "callback_done": ((), ("callback", "unreachable")),
}

# a clock whose check fails is retried after 15 min, 30 min, 1 h, 2 h; then left alone until
# someone retries it (Deadlines > filter "Check failed" > Retry the check)
CHECK_RETRY_MINUTES = (15, 30, 60, 120)

CLOCK_STATES = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
]


def _utc(dt):
    """Naive UTC datetime (ORM) -> aware UTC datetime (timing module)."""
    return fields.Datetime.to_datetime(dt).replace(tzinfo=UTC)


def _naive(dt):
    """Aware datetime (timing module) -> naive UTC datetime (ORM)."""
    return dt.astimezone(UTC).replace(tzinfo=None) if dt else False


def _text(dt):
    """A naive UTC datetime as the notes show it (as fields.Datetime.to_string)."""
    return dt.strftime(DATETIME_FORMAT)


def _compute_times(schedule, start, unit, duration, ratio, paused):
    """(deadline, warning time), aware, of a clock started at ``start`` (aware) that already
    spent ``paused`` seconds paused as it counts them."""
    deadline = compute_deadline(schedule, start, unit, duration)
    deadline = extend_by_pause(schedule, deadline, unit, paused)
    return deadline, warning_time(schedule, start, deadline, unit, ratio, paused)


def missing_holiday_years(covered, tz, start, deadline, state, unit):
    """Years from ``start`` to ``deadline`` (naive UTC, read in ``tz``) not in ``covered``
    (the calendar's years with public holidays), for a clock that runs or waits. A calendar
    without any holiday (round-the-clock hotline) is taken as having none by design."""
    if (
        not covered
        or state not in ("running", "paused")
        or unit == "calendar_hours"
        or not (start and deadline)
    ):
        return []
    if start.year == deadline.year and not any(
        (dt.month, dt.day) in ((1, 1), (12, 31)) for dt in (start, deadline)
    ):
        # a time zone is less than a day away from UTC: the local year is the UTC year
        return [] if start.year in covered else [start.year]
    first, last = (_utc(dt).astimezone(tz).year for dt in (start, deadline))
    return [year for year in range(first, last + 1) if year not in covered]


def _recomputed_change(row, schedule, covered, tz):
    """The change of ``_write_recomputed_deadlines`` of one clock row of
    ``_recompute_calendar_batch``, recomputed on ``schedule`` (``covered``: the calendar's
    years with public holidays, ``tz`` its time zone); None when neither its deadline nor its
    missing holiday years change."""
    (
        clock_id,
        ticket_id,
        phase,
        unit,
        ratio,
        start,
        old,
        _warn_at,
        state,
        warned,
        stopped_at,
        paused,
        was_provisional,
        old_years,
        activity_id,
        duration,
    ) = row
    deadline, warn_at = _compute_times(
        schedule, start.replace(tzinfo=UTC), unit, duration, ratio, paused
    )
    deadline, warn_at = _naive(deadline), _naive(warn_at)
    years = missing_holiday_years(covered, tz, start, deadline, state, unit)
    years = ", ".join(str(y) for y in years) or None
    if deadline == old and years == (old_years or None):
        return None
    next_check = None
    if state == "running" and not stopped_at:
        next_check = warn_at if not warned and warn_at and warn_at < deadline else deadline
    return (
        clock_id,
        deadline,
        warn_at or None,
        next_check,
        bool(years),
        years,
        was_provisional,
        # the complaint's stored deadline and flag follow the resolution clock and any
        # provisional flag
        ticket_id if phase == "resolution" or bool(years) != was_provisional else 0,
        activity_id,
    )


class ComplaintClock(models.Model):
    _name = "complaint.clock"
    _description = "Complaint Deadline Clock"
    _order = "deadline, id"
    _rec_name = "phase"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, index=True, ondelete="cascade"
    )
    # the rule's selections, by method: Odoo translates the labels of a list given to the
    # field, never those a function returns, so the function returns them translated
    phase = fields.Selection(selection="_selection_phase", required=True)
    rule_id = fields.Many2one("complaint.sla.rule", ondelete="set null")
    calendar_id = fields.Many2one("resource.calendar", ondelete="set null")
    duration_unit = fields.Selection(selection="_selection_duration_unit", required=True)
    warning_ratio = fields.Float(default=0.9)
    start = fields.Datetime(required=True)
    deadline = fields.Datetime(required=True, index=True)
    warn_at = fields.Datetime(string="Warning at")
    paused_since = fields.Datetime(readonly=True)
    paused_seconds = fields.Float(readonly=True)
    paused_working_seconds = fields.Float(
        readonly=True,
        help="Time spent paused as the clock counts it: working seconds for working-time "
        "units, elapsed seconds otherwise. The deadline includes it, the allowed time not.",
    )
    state = fields.Selection(CLOCK_STATES, required=True, default="running", index=True)
    warned = fields.Boolean(readonly=True)
    escalation_level = fields.Integer(readonly=True)
    met_at = fields.Datetime(readonly=True)
    breached_at = fields.Datetime(readonly=True)
    stopped_at = fields.Datetime(readonly=True)
    next_check_at = fields.Datetime(readonly=True)
    warning_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        ondelete="set null",
        help="The 'deadline close' to-do of the warning, closed when the deadline moves or the "
        "phase is done.",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    deadline_provisional = fields.Boolean(
        compute="_compute_deadline_provisional",
        store=True,
        help="The deadline reaches a year whose public holidays the calendar does not have yet: "
        "it is recomputed when they are entered.",
    )
    provisional_years = fields.Char(
        compute="_compute_deadline_provisional",
        store=True,
        help="The years, within the deadline's window, whose public holidays are missing.",
    )
    last_error = fields.Text(
        string="Check error",
        readonly=True,
        copy=False,
        help="Why the last deadline check of this clock failed; empty once a check succeeds.",
    )
    check_error_count = fields.Integer(readonly=True, copy=False)

    _next_check_idx = models.Index("(next_check_at) WHERE next_check_at IS NOT NULL")
    _ticket_phase_idx = models.Index("(ticket_id, phase)")

    @api.model
    def _selection_phase(self):
        rule_phases = self.env["complaint.sla.rule"]._fields["phase"]
        return [
            *rule_phases._description_selection(self.env),
            ("platform", self.env._("Platform's deadline")),
        ]

    @api.model
    def _selection_duration_unit(self):
        Rule = self.env["complaint.sla.rule"]
        return Rule._fields["duration_unit"]._description_selection(self.env)

    _provisional_idx = models.Index("(calendar_id) WHERE deadline_provisional")

    @api.depends("start", "deadline", "calendar_id", "duration_unit", "state")
    def _compute_deadline_provisional(self):
        for clock in self:
            clock.update(clock._prepare_provisional_values(clock._get_missing_holiday_years()))

    @api.model
    def _prepare_provisional_values(self, years):
        return {
            "deadline_provisional": bool(years),
            "provisional_years": ", ".join(str(y) for y in years) or False,
        }

    def _get_missing_holiday_years(self):
        """Years from the start to the deadline (calendar time zone) without public holidays
        in the calendar, while the clock runs or waits. A calendar without any holiday
        (round-the-clock hotline) is taken as having none by design."""
        self.ensure_one()
        return self._missing_holiday_years(
            self.calendar_id, self.state, self.duration_unit, self.start, self.deadline
        )

    @api.model
    def _missing_holiday_years(self, calendar, state, duration_unit, start, deadline):
        if not calendar:
            return []
        return missing_holiday_years(
            calendar._get_complaint_holiday_years(),
            ZoneInfo(calendar._get_complaint_tz_name(calendar.id)),
            start,
            deadline,
            state,
            duration_unit,
        )

    # ------------------------------------------------------------------------------------------
    # Creation: deadlines for a batch of complaints
    # ------------------------------------------------------------------------------------------

    @api.model
    def _start_clocks(self, tickets, phases, start=None, pause_waiting=True):
        """Create the clocks of ``phases`` for ``tickets``: rules matched in Python, one working
        schedule per calendar, deadlines from the pure timing module, one INSERT.

        Without ``start``, each phase starts where SPEC §6 counts it from: the receipt (first
        contact) or the registration (now). Clocks of a complaint in a stage that stops the
        clock start paused, unless ``pause_waiting`` is False (the back-fill pauses them)."""
        vals_list = self._prepare_start_values(tickets, lambda _ticket: phases, start)
        return self._create_started_clocks(vals_list, start, pause_waiting)

    @api.model
    def _start_registration_clocks(self, tickets):
        """Every clock that starts when complaints are registered, in one INSERT: dispatch
        (unless dispatched at registration), first answer and resolution; the register clock,
        judged at once (receipt → now); the contact interval of the complaints to be handled
        (not those registered as refused or transferred)."""
        now = fields.Datetime.now()

        def phases_of(ticket):
            phases = ["dispatch"] if ticket.complaint_phase == "new" else []
            phases += ["first_answer", "resolution", "register"]
            if ticket.complaint_phase in CONTACT_PHASES:
                phases.append("contact")
            return phases

        vals_list = self._prepare_start_values(tickets, phases_of)
        for vals in vals_list:
            if vals["phase"] == "register":
                late = vals["deadline"] < now
                vals.update(
                    stopped_at=now,
                    next_check_at=False,
                    state="breached" if late else "met",
                    **({"breached_at": vals["deadline"]} if late else {"met_at": now}),
                )
        return self._create_started_clocks(vals_list)

    @api.model
    def _prepare_start_values(self, tickets, phases_of, start=None):
        """create() values of the clocks ``phases_of(ticket)`` of each ticket, next check
        included (a clock just started is next looked at on its warning, else its deadline)."""
        phases = {ticket.id: tuple(phases_of(ticket)) for ticket in tickets}
        matches = self.env["complaint.sla.rule"]._match_rules(
            tickets, set().union(*phases.values())
        )
        now = fields.Datetime.now()
        schedules = {}
        vals_list = []
        for ticket in tickets:
            for phase in phases[ticket.id]:
                rule = matches.get((ticket.id, phase))
                if not rule:
                    continue
                begin = start or self._get_clock_begin(ticket, phase, now)
                vals = self._prepare_clock_values(ticket, rule, begin, schedules)
                if vals:
                    warn_at, deadline = vals["warn_at"], vals["deadline"]
                    vals["next_check_at"] = warn_at if warn_at and warn_at < deadline else deadline
                    vals_list.append(vals)
        return vals_list

    @api.model
    def _create_started_clocks(self, vals_list, start=None, pause_waiting=True):
        Calendar = self.env["resource.calendar"]
        for vals in vals_list:
            # computed here, in the INSERT, rather than by an UPDATE after it
            years = self._missing_holiday_years(
                Calendar.browse(vals["calendar_id"]),
                vals["state"],
                vals["duration_unit"],
                vals["start"],
                vals["deadline"],
            )
            vals.update(self._prepare_provisional_values(years))
        clocks = self.create(vals_list)
        if pause_waiting:
            clocks.filtered(lambda c: c.ticket_id.stage_id.complaint_stops_clock)._pause(
                start or fields.Datetime.now()
            )
        clocks._notify_provisional()
        return clocks

    @api.model
    def _start_platform_clocks(self, tickets):
        """The deadline an external platform set (complaint_management's
        complaint_platform_deadline) as a second clock beside ours: from receipt to that
        moment in calendar time, warned at 90 %, escalated like the others, never paused."""
        vals_list = []
        now = fields.Datetime.now()
        for ticket in tickets.filtered("complaint_platform_deadline"):
            if ticket.complaint_clock_ids.filtered(lambda c: c.phase == "platform"):
                continue
            start = min(ticket.complaint_received_date or now, ticket.complaint_platform_deadline)
            deadline = ticket.complaint_platform_deadline
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "phase": "platform",
                    "duration_unit": "calendar_hours",
                    "warning_ratio": 0.9,
                    "start": start,
                    "deadline": deadline,
                    "warn_at": start + (deadline - start) * 0.9,
                    "state": "running",
                }
            )
            warn_at = vals_list[-1]["warn_at"]
            vals_list[-1]["next_check_at"] = warn_at if warn_at < deadline else deadline
        return self.create(vals_list)

    def _get_clock_begin(self, ticket, phase, now):
        """Where the clock of ``phase`` starts when no event gives the time: the receipt for the
        phases counted from the first contact, the registration (now) for the others. The
        back-fill of complaints registered before the addon counts the dispatch from their
        receipt too, and the contact interval from now: who talked to the complainant since
        is not known."""
        backfill = self.env.context.get("complaint_clock_backfill")
        if phase in PHASES_FROM_RECEIPT or (phase == "dispatch" and backfill):
            return ticket.complaint_received_date or now
        return now

    # ------------------------------------------------------------------------------------------
    # Provisional deadlines: the calendar lacks a year's public holidays
    # ------------------------------------------------------------------------------------------

    def _notify_provisional(self):
        """When the first provisional deadline of a calendar and year appears, the
        administrators get a to-do on the calendar to enter that year's holidays."""
        pairs = {
            (clock.calendar_id, int(year))
            for clock in self.filtered("deadline_provisional")
            for year in clock.provisional_years.split(", ")
        }
        if not pairs:
            return
        for calendar, year in sorted(pairs, key=lambda p: (p[0].id, p[1])):
            earlier = self.search_count(
                [
                    ("id", "not in", self.ids),
                    ("calendar_id", "=", calendar.id),
                    ("deadline_provisional", "=", True),
                    ("provisional_years", "like", str(year)),
                ],
                limit=1,
            )
            if earlier:
                continue
            note = self.env._(
                "Deadlines counted on the calendar %(calendar)s reach %(year)s, whose public "
                "holidays and make-up working days it does not have yet: they are provisional "
                "(filter 'Deadline provisional' on the complaints) and are recomputed as soon "
                "as the holidays are entered (Import holidays of a year, or by hand).",
                calendar=calendar.display_name,
                year=year,
            )
            calendar._schedule_complaint_holiday_todo(year, note)

    @api.model
    def _get_provisional_calendars(self):
        return self.env["resource.calendar"].browse(
            calendar.id
            for [calendar] in self._read_group(
                [("deadline_provisional", "=", True)], ["calendar_id"]
            )
        )

    @api.model
    def _get_running_calendars(self):
        """The calendars of the clocks that run or wait (what a holiday of every calendar
        can move)."""
        return self.env["resource.calendar"].browse(
            calendar.id
            for [calendar] in self._read_group(
                [("state", "in", ("running", "paused")), ("calendar_id", "!=", False)],
                ["calendar_id"],
            )
        )

    # ------------------------------------------------------------------------------------------
    # Recompute after a change of public holidays or make-up working days (queued: see
    # complaint.clock.recompute)
    # ------------------------------------------------------------------------------------------

    @api.model
    def _get_recompute_filter(self, calendar, date_from, date_to):
        """SQL condition on ``c`` (complaint_clock) of the clocks a change of ``calendar``'s
        holidays between ``date_from`` and ``date_to`` (naive UTC; any time when not known)
        can move: running or waiting, on a rule, not set by an approved extension; in the
        window, or provisional."""
        window = SQL("TRUE")
        if date_from and date_to:
            window = SQL(
                "(c.deadline_provisional OR (c.deadline >= %s AND c.start <= %s))",
                date_from,
                date_to,
            )
        return SQL(
            """c.calendar_id = %s AND c.state IN ('running', 'paused')
               AND c.rule_id IS NOT NULL AND %s
               AND NOT EXISTS (SELECT FROM complaint_extension e
                                WHERE e.clock_id = c.id AND e.state = 'approved')""",
            calendar.id,
            window,
        )

    @api.model
    def _recompute_calendar_batch(self, calendar, date_from, date_to, after_id, limit, author):
        """Recompute the clocks that a change of ``calendar``'s holidays between
        ``date_from`` and ``date_to`` can move (``_get_recompute_filter``) of the next
        ``limit`` complaints after id ``after_id``, on their rule; note old → new deadline
        on each complaint (one note per complaint), in the name of ``author`` (res.users).

        Set-based, for 100,000 clocks in 30 s: the clocks are read in one query, their
        deadlines computed in Python (one working schedule per start day), then written with
        the values that depend on them (warning, next check, provisional flag, the
        complaints' stored deadline and flag, the warning to-do's due date) in a few UPDATEs,
        and the notes inserted in one INSERT. The clocks are not locked: under Odoo's
        repeatable-read transactions, a clock a user changed meanwhile makes the UPDATE fail,
        and the batch runs again, noting nothing twice. Returns (id of the last complaint
        looked at, or 0 when none is left; how many deadlines moved)."""
        self.env.flush_all()
        condition = self._get_recompute_filter(calendar, date_from, date_to)
        self.env.cr.execute(
            SQL(
                """
                WITH batch AS (
                    SELECT DISTINCT c.ticket_id FROM complaint_clock c
                     WHERE %s AND c.ticket_id > %s
                     ORDER BY c.ticket_id
                     LIMIT %s
                )
                SELECT c.id, c.ticket_id, c.phase, c.duration_unit, c.warning_ratio, c.start,
                       c.deadline, c.warn_at, c.state, c.warned, c.stopped_at,
                       COALESCE(c.paused_working_seconds, 0), COALESCE(c.deadline_provisional,
                       FALSE), c.provisional_years, c.warning_activity_id, r.duration
                  FROM complaint_clock c
                  JOIN complaint_sla_rule r ON r.id = c.rule_id
                 WHERE c.ticket_id IN (SELECT ticket_id FROM batch) AND %s
                 ORDER BY c.ticket_id, c.id
                """,
                condition,
                after_id,
                limit,
                condition,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0, 0
        changes, notes, moved = self._compute_recomputed_deadlines(calendar, rows)
        if changes:
            self._write_recomputed_deadlines(changes)
            self._log_recompute_notes(notes, author)
            self.env.invalidate_all()
            self._after_recomputed_deadlines(changes, moved)
        return rows[-1][1], sum(len(lines) for lines in notes.values())

    @api.model
    def _after_recomputed_deadlines(self, changes, moved):
        """What follows the recomputed deadlines once written: the check cron at once when one
        is due already, the provisional ones told, and the addon that plans a phase told of
        its moved deadlines (``moved``: {phase: ticket ids}; complaint_survey's callbacks)."""
        # a deadline brought forward may be due already: the check cron runs at once
        now = fields.Datetime.now()
        if any(change[3] and change[3] <= now for change in changes):
            self.env.ref("complaint_sla.ir_cron_check_clocks")._trigger()
        provisional = [change[0] for change in changes if change[4] and not change[6]]
        self.browse(provisional)._notify_provisional()
        for phase, ticket_ids in moved.items():
            tickets = self.env["helpdesk.ticket"].browse(sorted(ticket_ids))
            tickets._on_complaint_phase_deadlines_moved(phase)

    @api.model
    def _compute_recomputed_deadlines(self, calendar, rows):
        """([(clock id, deadline, warn_at, next check, provisional, years, was provisional,
        ticket id or 0 if its stored fields cannot change, warning to-do id)] of the clocks
        that change, {ticket id: [note line]}, {phase: ids of the tickets whose deadline of
        that phase moved}) for the rows of ``_recompute_calendar_batch`` (one working schedule
        per start day)."""
        schedules = {}
        covered = calendar._get_complaint_holiday_years()
        tz = ZoneInfo(calendar.tz or "UTC")
        note_line = self._get_recompute_note_line()
        changes, notes, moved = [], defaultdict(list), defaultdict(set)
        for row in rows:
            ticket_id, phase, _unit, _ratio, start, old = row[1:7]
            day = start.date()
            schedule = schedules.get(day)
            if schedule is None:
                schedule = schedules[day] = calendar._get_complaint_schedule(start)
            change = _recomputed_change(row, schedule, covered, tz)
            if change is None:
                continue
            changes.append(change)
            if change[1] != old:
                notes[ticket_id].append(note_line(phase, old, change[1], change[6]))
                moved[phase].add(ticket_id)
        return changes, notes, moved

    @api.model
    def _get_recompute_note_line(self):
        """A function (phase, old deadline, new deadline, was provisional) → the note line of a
        recomputed deadline: the texts translated once per batch, formatted per clock."""
        phases = dict(self._fields["phase"]._description_selection(self.env))
        provisional_line = self.env._(
            "%(phase)s deadline recomputed with the public holidays now entered: %(old)s → %(new)s"
        )
        changed_line = self.env._(
            "%(phase)s deadline recomputed after a change of the calendar's public "
            "holidays or make-up working days: %(old)s → %(new)s"
        )
        texts = {}  # datetime -> its text in the note (deadlines are often the same minutes)

        def note_line(phase, old, new, was_provisional):
            template = provisional_line if was_provisional else changed_line
            return template % {
                "phase": phases.get(phase, phase),
                "old": texts.get(old) or texts.setdefault(old, _text(old)),
                "new": texts.get(new) or texts.setdefault(new, _text(new)),
            }

        return note_line

    @api.model
    def _write_recomputed_deadlines(self, changes):
        """Write the recomputed clocks and what is stored from their deadlines, set-based:
        the clocks, their complaints' stored deadline and flag, the warning to-dos' due day."""
        columns = list(zip(*changes, strict=True))
        self._write_recomputed_clocks(columns[:6])
        self._write_recomputed_tickets(sorted(set(columns[7]) - {0}))
        # the warning's "deadline close" to-do is due on the new deadline's day
        self._write_recomputed_todos(
            [(change[8], change[1].date()) for change in changes if change[8]]
        )

    @api.model
    def _write_recomputed_clocks(self, columns):
        """One UPDATE of the clocks from ``columns``: (ids, deadlines, warnings, next checks,
        provisional flags, missing years); the next check only of clocks that run."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE complaint_clock c
                   SET deadline = v.deadline, warn_at = v.warn_at,
                       next_check_at = CASE WHEN c.state = 'running' AND c.stopped_at IS NULL
                                            THEN v.next_check ELSE c.next_check_at END,
                       deadline_provisional = v.provisional, provisional_years = v.years,
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::timestamp[], %s::timestamp[], %s::timestamp[],
                              %s::bool[], %s::varchar[])
                       AS v(id, deadline, warn_at, next_check, provisional, years)
                 WHERE c.id = v.id
                """,
                self.env.uid,
                self.env.cr.now(),
                *(list(column) for column in columns),
            )
        )

    @api.model
    def _write_recomputed_tickets(self, ticket_ids):
        """helpdesk.ticket's stored fields computed from the clocks, as their computes do: the
        deadline of the complaint's last resolution clock, provisional if any clock is; only
        the complaints where they change are written."""
        if not ticket_ids:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET complaint_sla_deadline = v.deadline,
                       complaint_sla_deadline_provisional = v.provisional
                  FROM (SELECT c.ticket_id AS id,
                               (array_agg(c.deadline ORDER BY c.id DESC)
                                  FILTER (WHERE c.phase = 'resolution'))[1] AS deadline,
                               COALESCE(bool_or(c.deadline_provisional), FALSE) AS provisional
                          FROM complaint_clock c
                         WHERE c.ticket_id = ANY(%s)
                         GROUP BY c.ticket_id) v
                 WHERE t.id = v.id
                   AND (t.complaint_sla_deadline IS DISTINCT FROM v.deadline
                        OR COALESCE(t.complaint_sla_deadline_provisional, FALSE)
                           IS DISTINCT FROM v.provisional)
                """,
                ticket_ids,
            )
        )

    @api.model
    def _write_recomputed_todos(self, todos):
        """The due day of the warning to-dos ([(activity id, day)]) that are still open."""
        if not todos:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_activity a SET date_deadline = v.day
                  FROM unnest(%s::int[], %s::date[]) AS v(id, day)
                 WHERE a.id = v.id AND a.active AND a.date_deadline IS DISTINCT FROM v.day
                """,
                [todo[0] for todo in todos],
                [todo[1] for todo in todos],
            )
        )

    @api.model
    def _log_recompute_notes(self, notes, author):
        """One note per complaint ({ticket id: [line]}), inserted in one query with the values
        mail.thread's ``_message_log_batch`` gives a note (a log: no notification, no
        follower); each line is escaped."""
        if not notes:
            return
        Thread = self.env["mail.thread"]
        author_id, email_from = Thread._message_compute_author(author.partner_id.id)
        reply_to = Thread._notify_get_reply_to(default=email_from, author_id=author_id)[False]
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        ticket_ids = list(notes)
        # what the Html field's sanitizer makes of the same body, each line escaped
        bodies = [
            "<span>" + "<br>".join(escape(line) for line in notes[tid]) + "</span>"
            for tid in ticket_ids
        ]
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (model, res_id, body, message_type, subtype_id,
                                          is_internal, author_id, email_from, reply_to,
                                          email_add_signature, message_id, date, create_uid,
                                          create_date, write_uid, write_date)
                SELECT 'helpdesk.ticket', v.res_id, v.body, 'notification', %s, TRUE, %s, %s,
                       %s, FALSE, v.message_id, %s, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::text[], %s::varchar[]) AS v(res_id, body, message_id)
                """,
                subtype_id,
                author_id,
                email_from,
                reply_to,
                now,
                self.env.uid,
                self.env.cr.now(),
                self.env.uid,
                self.env.cr.now(),
                ticket_ids,
                bodies,
                # one Message-Id for the batch, as _message_log_batch does (a log is not sent)
                [generate_tracking_message_id("message-notify")] * len(ticket_ids),
            )
        )

    @api.model
    def _backfill_clocks(self, batch_size=1000):
        """Start the clocks of the open complaints that have none (registered before this
        addon was installed), ``batch_size`` complaints at a time, from their receipt as if
        the addon had been there: the phases not done yet, paused when the complaint waits.
        Returns how many complaints got clocks."""
        # sudo: run at install / by the cron, over the complaints of every unit and company
        Ticket = self.env["helpdesk.ticket"].sudo()
        now = fields.Datetime.now()
        last_id = count = 0
        while True:
            tickets = Ticket.search(
                [
                    ("is_complaint", "=", True),
                    ("closed", "=", False),
                    ("complaint_phase", "not in", DONE_PHASES),
                    ("complaint_clock_ids", "=", False),
                    ("id", ">", last_id),
                ],
                order="id",
                limit=batch_size,
            )
            if not tickets:
                return count
            last_id, count = tickets[-1].id, count + len(tickets)
            new = tickets.filtered(lambda t: t.complaint_phase == "new")
            replied = (tickets - new).filtered("complaint_reply_date")
            backfill = self.with_context(complaint_clock_backfill=True)
            backfill._start_clocks(new, (*REGISTRATION_PHASES, "contact"), pause_waiting=False)
            backfill._start_clocks(
                tickets - new - replied,
                ("first_answer", "resolution", "contact"),
                pause_waiting=False,
            )
            backfill._start_clocks(replied, ("resolution",), pause_waiting=False)
            self._start_reply_clocks(tickets - new - replied, pause_waiting=False)
            self._start_platform_clocks(tickets - replied)
            for ticket in tickets.filtered(lambda t: t.stage_id.complaint_stops_clock):
                # paused since it entered its waiting stage (or its receipt, if later)
                for clock in ticket.complaint_clock_ids:
                    clock._pause(max(ticket.last_stage_update or now, clock.start))
            self.env.flush_all()
            self.env.invalidate_all()  # bounded memory over a large back-fill

    def _get_schedule(self, calendar, begin, schedules):
        key = (calendar.id, fields.Date.to_date(begin))
        if key not in schedules:
            schedules[key] = calendar._get_complaint_schedule(begin)
        return schedules[key]

    @api.model
    def _prepare_clock_values(self, ticket, rule, begin, schedules, paused=0.0):
        """Values of a clock of ``rule`` started at ``begin``; ``paused``: the time it already
        spent paused (a running clock recomputed), which pushes the deadline and the warning."""
        calendar = rule._get_calendar(ticket)
        unit = rule.duration_unit
        if not calendar:
            # no calendar anywhere: working time counted as calendar time (logged on the rule)
            _logger.warning("Deadline rule %s has no working calendar to use", rule.name)
            unit = {"working_hours": "calendar_hours", "working_days": "calendar_days"}.get(
                unit, unit
            )
            calendar = self.env["resource.calendar"]
        schedule = self._get_schedule(calendar, begin, schedules) if calendar else None
        start = _utc(begin)
        deadline, warn_at = _compute_times(
            schedule, start, unit, rule.duration, rule.warning_ratio, paused
        )
        return {
            "ticket_id": ticket.id,
            # the related field, given: not recomputed by an UPDATE after the INSERT
            "company_id": ticket.company_id.id,
            "phase": rule.phase,
            "rule_id": rule.id,
            "calendar_id": calendar.id,
            "duration_unit": unit,
            "warning_ratio": rule.warning_ratio,
            "start": _naive(start),
            "deadline": _naive(deadline),
            "warn_at": _naive(warn_at),
            "state": "running",
        }

    def _get_next_check(self, ladder, warned=None):
        """When something can next happen to this clock: its warning, its deadline, its next
        escalation level; False when nothing can happen until a user acts. ``warned``: True
        when the clock is warned now, before it is written."""
        self.ensure_one()
        if self.stopped_at or self.state in ("paused", "met"):
            return False
        if self.state == "running":
            if not (warned or self.warned) and self.warn_at and self.warn_at < self.deadline:
                return self.warn_at
            return self.deadline
        for level, delay, _record in ladder:
            if level > self.escalation_level:
                return self.breached_at + timedelta(seconds=delay)
        return False

    # ------------------------------------------------------------------------------------------
    # Transitions driven by the complaint
    # ------------------------------------------------------------------------------------------

    def _stop(self, when=None):
        """The phase is done: met if within the deadline, breached clocks stay breached.

        A paused clock used no time since its pause: it is judged at ``paused_since``, and a
        met clock keeps the deadline pushed by the pause, as if it had been resumed first."""
        when = when or fields.Datetime.now()
        schedules = {}
        for clock in self.filtered(lambda c: not c.stopped_at and c.state != "met"):
            if clock.state == "breached":
                clock.write({"stopped_at": when, "next_check_at": False})
                continue
            vals = {}
            used_until = when
            if clock.state == "paused":
                vals = clock._prepare_resume_values(when, schedules)
                used_until = clock.paused_since
            late = used_until > clock.deadline
            if late:
                vals.pop("deadline", None)
            vals.update(
                {
                    "state": "breached" if late else "met",
                    "met_at": False if late else when,
                    "breached_at": clock.deadline if late else False,
                    "stopped_at": when,
                    "next_check_at": False,
                }
            )
            clock.write(vals)
        self._close_warning_activities(self.env._("Phase done."))
        self._refresh_complaint_status(self.ticket_id)

    @api.model
    def _refresh_complaint_status(self, tickets):
        """The deadline status of complaints some of whose clocks stopped: overdue while a
        breached clock is still escalated, close to the deadline while a warned clock runs or
        waits, else on time. A breach that the phase's event ended (a late first answer, a
        late contact) stays on its clock and supervision records, not on the complaint."""
        for ticket in tickets.filtered(lambda t: t.complaint_sla_state in ("warning", "overdue")):
            active = ticket.complaint_clock_ids.filtered(lambda c: not c.stopped_at)
            if active.filtered(lambda c: c.state == "breached"):
                state = "overdue"
            elif active.filtered(lambda c: c.warned and c.state in ("running", "paused")):
                state = "warning"
            else:
                state = "ok"
            if state != ticket.complaint_sla_state:
                ticket.complaint_sla_state = state

    # ------------------------------------------------------------------------------------------
    # The events of the complaint that start and stop the phases
    # ------------------------------------------------------------------------------------------

    @api.model
    def _record_contact(self, tickets):
        """Staff wrote to the complainant: the first answer is given, the contact interval
        met; a new interval starts while the complaint is handled."""
        now = fields.Datetime.now()
        clocks = tickets.complaint_clock_ids.filtered(
            lambda c: c.phase in ("first_answer", "contact")
        )
        clocks._stop(now)
        handled = tickets.filtered(lambda t: t.complaint_phase in CONTACT_PHASES)
        return self._start_clocks(handled, ("contact",), start=now)

    @api.model
    def _record_phase_event(self, tickets, event, when):
        """An event of complaint_management's phase-event hook: the clocks it stops are
        stopped, those it starts are started at ``when`` on their rule, at most one running
        per complaint and phase (a second failed attempt keeps the first one's clock)."""
        starts, stops = PHASE_EVENTS.get(event, ((), ()))
        tickets = tickets.filtered("is_complaint")
        if stops:
            tickets.complaint_clock_ids.filtered(
                lambda c: c.phase in stops and not c.stopped_at
            )._stop(when)
        clocks = self.browse()
        for phase in starts:
            fresh = tickets.filtered(
                lambda t, p=phase: not t.complaint_clock_ids.filtered(
                    lambda c: c.phase == p and not c.stopped_at
                )
            )
            # after closure nothing pauses them: the waiting stages are the handling's
            clocks |= self._start_clocks(fresh, (phase,), start=when, pause_waiting=False)
        return clocks

    @api.model
    def _record_reply(self, tickets):
        """The reply answers the complainant: first answer, reply and contact clocks stop."""
        tickets.complaint_clock_ids.filtered(
            lambda c: c.phase in ("first_answer", "reply", "contact")
        )._stop(fields.Datetime.now())

    @api.model
    def _start_reply_clocks(self, tickets, pause_waiting=True):
        """The reply clock of complaints whose unit's result is in: the result is written and
        no assisting unit is still working; once per handling round."""
        ready = tickets.filtered(
            lambda t: t.is_complaint
            and t.complaint_phase in RESULT_PHASES
            and t.complaint_result_summary
            and not t.complaint_assist_task_ids.filtered(lambda task: task.state == "open")
            and not t.complaint_clock_ids.filtered(
                lambda c: c.phase == "reply" and not c.stopped_at
            )
        )
        if not ready:
            return self.browse()
        return self._start_clocks(
            ready, ("reply",), start=fields.Datetime.now(), pause_waiting=pause_waiting
        )

    def _close_warning_activities(self, feedback):
        """Mark the warnings' 'deadline close' to-dos done, with ``feedback`` in the chatter."""
        activities = self.warning_activity_id.filtered("active")
        if activities:
            # sudo: the to-do is assigned to the handler, not necessarily to the current user
            activities.sudo().action_feedback(feedback=feedback)
        self.filtered("warning_activity_id").warning_activity_id = False

    def _pause(self, when=None):
        when = when or fields.Datetime.now()
        # an external platform's deadline runs on whatever we wait for
        self.filtered(lambda c: c.state == "running" and c.phase not in EXTERNAL_PHASES).write(
            {"state": "paused", "paused_since": when, "next_check_at": False}
        )

    def _resume(self, when=None):
        """Resume paused clocks; the deadline moves by the paused (working) time."""
        when = when or fields.Datetime.now()
        schedules = {}
        ladder = self.env["complaint.escalation.level"]._get_ladder()
        resumed = self.filtered(lambda c: c.state == "paused")
        for clock in resumed:
            clock.write(clock._prepare_resume_values(when, schedules))
            clock.next_check_at = clock._get_next_check(ladder)
        resumed._notify_provisional()

    def _prepare_resume_values(self, when, schedules):
        """Values of this paused clock resumed at ``when``: deadline and warning pushed by the
        pause, pause counted."""
        self.ensure_one()
        # from the start: the warning counts the working time since then
        schedule = (
            self._get_schedule(self.calendar_id, self.start, schedules)
            if self.calendar_id
            else None
        )
        paused_from, resumed_at = _utc(self.paused_since), _utc(when)
        deadline = push_deadline(
            schedule, _utc(self.deadline), self.duration_unit, paused_from, resumed_at
        )
        paused = self.paused_working_seconds + paused_time(
            schedule, self.duration_unit, paused_from, resumed_at
        )
        # the warning comes when the same share of the allowed time is used, pauses excluded
        if self.warn_at and self.warn_at <= self.paused_since:
            warn_at = _utc(self.warn_at)  # reached before the pause: it stays where it was
        else:
            warn_at = warning_time(
                schedule, _utc(self.start), deadline, self.duration_unit, self.warning_ratio, paused
            )
        return {
            "state": "running",
            "deadline": _naive(deadline),
            "warn_at": _naive(warn_at),
            "paused_seconds": self.paused_seconds + (when - self.paused_since).total_seconds(),
            "paused_working_seconds": paused,
            "paused_since": False,
        }

    def _move_deadline(self, new_deadline):
        """Set a new deadline (approved extension): the warning follows, the warning already
        given is withdrawn (its to-do closed, the complaint no longer shown as close to its
        deadline) and comes again at the new warning time."""
        ladder = self.env["complaint.escalation.level"]._get_ladder()
        schedules = {}
        for clock in self:
            schedule = (
                self._get_schedule(clock.calendar_id, clock.start, schedules)
                if clock.calendar_id
                else None
            )
            deadline = _utc(new_deadline)
            warn_at = warning_time(
                schedule,
                _utc(clock.start),
                deadline,
                clock.duration_unit,
                clock.warning_ratio,
                clock.paused_working_seconds,
            )
            clock.write({"deadline": _naive(deadline), "warn_at": _naive(warn_at), "warned": False})
            clock.next_check_at = clock._get_next_check(ladder)
            clock._close_warning_activities(
                self.env._(
                    "Deadline extended to %(deadline)s.",
                    deadline=clock._format_deadline(),
                )
            )
        self._notify_provisional()
        for phase in set(self.mapped("phase")):
            moved = self.filtered(lambda c, p=phase: c.phase == p)
            # the addon that plans the phase follows its deadline (complaint_survey's callbacks)
            moved.ticket_id._on_complaint_phase_deadlines_moved(phase)
        for ticket in self.ticket_id.filtered(lambda t: t.complaint_sla_state == "warning"):
            if not ticket.complaint_clock_ids.filtered(
                lambda c: c.warned and c.state in ("running", "paused")
            ):
                ticket.complaint_sla_state = "ok"

    # ------------------------------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------------------------------

    @api.model
    def _cron_check_clocks(self, batch_size=500):
        """Warn, breach and escalate the clocks that are due, batch by batch; then one digest
        per recipient for the whole run."""
        now = fields.Datetime.now()
        processed = 0
        pending_notices = False
        while True:
            ids, notices_waiting = self._get_due_clock_ids(now, batch_size)
            pending_notices = pending_notices or notices_waiting
            if not ids:
                break
            self.browse(ids)._with_company_language()._process_batch(now)
            processed += len(ids)
            # the real backlog, so that ir.cron runs again at once when this run stops early
            remaining = self._count_due_clocks(now) if len(ids) == batch_size else 0
            time_left = self.env["ir.cron"]._commit_progress(len(ids), remaining=remaining)
            if not remaining or time_left <= 0:
                break
        if processed or pending_notices:
            self._with_company_language()._send_digests()
        return processed

    @api.model
    def _get_due_clock_ids(self, now, limit):
        """(ids of due clocks, locked, at most ``limit``; whether notices wait for a digest).

        One query: an idle tick costs nothing more, and the notices left by a run that was
        killed before its digest go out with the next tick, not with the next due clock."""
        self.env.cr.execute(
            SQL(
                "SELECT ARRAY(SELECT id FROM complaint_clock WHERE next_check_at <= %s "
                "ORDER BY next_check_at LIMIT %s FOR UPDATE SKIP LOCKED), "
                "EXISTS(SELECT FROM complaint_clock_notice)",
                now,
                limit,
            )
        )
        ids, notices_waiting = self.env.cr.fetchone()
        return ids, notices_waiting

    @api.model
    def _count_due_clocks(self, now):
        """How many clocks are still due (only asked after a full batch: an index-only scan
        of the partial index on next_check_at)."""
        self.env.cr.execute(
            SQL("SELECT count(*) FROM complaint_clock WHERE next_check_at <= %s", now)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _with_company_language(self):
        """The cron runs without a language: what it writes on records (supervision reasons,
        activity summaries) is in the company's language and time zone; each digest is in its
        recipient's."""
        company = self.env.company.partner_id
        return self.with_context(
            lang=self.env.context.get("lang") or company.lang or "en_US",
            tz=self.env.context.get("tz") or company.tz or "UTC",
        )

    def _process_batch(self, now):
        """Process a batch of due clocks; a clock that fails does not stop the others.

        The batch runs in one savepoint; if anything fails, it runs again clock by clock,
        each in its own savepoint, and the failing clocks are logged and marked."""
        try:
            with self.env.cr.savepoint():
                self._process_due(now)
            return
        except Exception:  # isolated below, clock by clock
            _logger.info("A due clock failed in a batch of %s: checking them one by one", len(self))
        for clock in self:
            try:
                with self.env.cr.savepoint():
                    clock._process_due(now)
            except Exception as error:  # logged and recorded on the clock
                _logger.exception(
                    "Deadline clock %s of complaint %s could not be checked",
                    clock.id,
                    clock.ticket_id.id,
                )
                clock._record_check_error(error, now)

    def _record_check_error(self, error, now):
        """Keep the error on the clock and push its next check back, until a few attempts."""
        self.ensure_one()
        count = self.check_error_count + 1
        retry = (
            now + timedelta(minutes=CHECK_RETRY_MINUTES[count - 1])
            if count <= len(CHECK_RETRY_MINUTES)
            else False
        )
        message = f"{fields.Datetime.to_string(now)} {type(error).__name__}: {error}"
        self.write(
            {"last_error": message[:2000], "check_error_count": count, "next_check_at": retry}
        )

    def action_retry_check(self):
        """Check these clocks again at the next tick (after their error was fixed)."""
        ladder = self.env["complaint.escalation.level"]._get_ladder()
        for clock in self:
            clock.write({"last_error": False, "check_error_count": 0})
            clock.next_check_at = clock._get_next_check(ladder)

    def _collect_escalations(self, now, ladder):
        """([supervision vals], [notice vals]) of the escalation levels this breached clock
        reaches now; its level is recorded on the clock."""
        self.ensure_one()
        supervision_vals, notice_vals = [], []
        for level, delay, record in ladder:
            if level <= self.escalation_level:
                continue
            if now < self.breached_at + timedelta(seconds=delay):
                break
            self.escalation_level = level
            users = record._get_recipients(self.ticket_id)
            supervision_vals.append(
                {
                    "ticket_id": self.ticket_id.id,
                    "clock_id": self.id,
                    "level": level,
                    "kind": "escalation",
                    "reason": self.env._(
                        "%(phase)s deadline %(deadline)s breached (level %(level)s: %(name)s).",
                        phase=self._phase_label(),
                        deadline=self._format_deadline(),
                        level=level,
                        name=record.name,
                    ),
                    "user_ids": [(6, 0, users.ids)],
                    "reply_due": now + timedelta(hours=record.reply_hours),
                }
            )
            notice_vals += [
                {
                    "clock_id": self.id,
                    "user_id": user.id,
                    "kind": "escalation",
                    "level": level,
                }
                for user in users
            ]
        return supervision_vals, notice_vals

    def _process_due(self, now):
        """Record what happens to each due clock, and the notices for the run's digest."""
        ladder = self.env["complaint.escalation.level"]._get_ladder()
        breached = self.filtered(lambda c: c.state == "running" and now >= c.deadline)
        warned = (self - breached).filtered(
            lambda c: c.state == "running" and not c.warned and c.warn_at and c.warn_at <= now
        )
        for clock in breached:
            clock.write({"state": "breached", "breached_at": clock.deadline, "warned": True})
        notice_vals, todo_vals, todo_clocks = warned._prepare_warnings()
        supervision_vals = []
        for clock in self.filtered(lambda c: c.state == "breached"):
            supervisions, notices = clock._collect_escalations(now, ladder)
            supervision_vals += supervisions
            notice_vals += notices
        if supervision_vals:
            # sudo: the cron's user may be anyone; supervision is opened by the system only
            self.env["complaint.supervision"].sudo().create(supervision_vals)
        todos = self._create_warning_todos(todo_vals) if todo_vals else []
        self._write_checks(ladder, warned, dict(zip(todo_clocks, todos, strict=True)))
        if notice_vals:
            self._create_notices(notice_vals)
        self._mark_complaints_due(breached, warned)

    def _prepare_warnings(self):
        """([notice values], [to-do values], [clock id of each to-do]) of these clocks
        reaching their warning: a notice for the handler and the unit leader, a "deadline
        close" to-do for the responsible one."""
        todo_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        ticket_model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        summaries = {}
        notice_vals, todo_vals, todo_clocks = [], [], []
        for clock in self:
            ticket = clock.ticket_id
            notice_vals += [
                {"clock_id": clock.id, "user_id": user.id, "kind": "warning"}
                for user in ticket.user_id | ticket.team_id.user_id
            ]
            responsible = ticket.user_id or ticket.team_id.user_id
            if not (responsible and todo_type):
                continue
            if clock.phase not in summaries:
                summaries[clock.phase] = self.env._(
                    "Deadline close: %(phase)s", phase=clock._phase_label()
                )
            todo_vals.append(
                {
                    "res_model_id": ticket_model_id,
                    "res_id": ticket.id,
                    "activity_type_id": todo_type.id,
                    "user_id": responsible.id,
                    "summary": summaries[clock.phase],
                    "date_deadline": clock.deadline.date(),
                }
            )
            todo_clocks.append(clock.id)
        return notice_vals, todo_vals, todo_clocks

    def _write_checks(self, ladder, warned, todos):
        """The next check of each of these clocks just processed, their check errors cleared,
        the ``warned`` ones marked and their to-dos ({clock id: to-do id}) in one UPDATE: none
        of these fields has anything computed from it."""
        self.flush_recordset()
        marked = set(warned.ids)
        self.env.cr.execute(
            SQL(
                """
                UPDATE complaint_clock c
                   SET next_check_at = v.next_check, warned = c.warned OR v.warned,
                       warning_activity_id = COALESCE(v.todo, c.warning_activity_id),
                       last_error = NULL, check_error_count = 0,
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::timestamp[], %s::bool[], %s::int[])
                       AS v(id, next_check, warned, todo)
                 WHERE c.id = v.id
                """,
                self.env.uid,
                self.env.cr.now(),
                self.ids,
                [clock._get_next_check(ladder, clock.id in marked) or None for clock in self],
                [clock.id in marked for clock in self],
                [todos.get(clock.id) for clock in self],
            )
        )
        self.invalidate_recordset(
            [
                "next_check_at",
                "warned",
                "warning_activity_id",
                "last_error",
                "check_error_count",
                "write_uid",
                "write_date",
            ]
        )

    @api.model
    def _create_warning_todos(self, vals_list):
        """The warnings' "deadline close" to-dos on complaints, in one INSERT; returns their
        ids in the order of ``vals_list``.

        What ``mail.activity.create`` does for them, without its per-record work: the rows
        with their stored computed fields (document name, model, the user's time zone), the
        responsible user subscribed to the complaint when not following it yet, the users'
        activity counters told (bus); no "assigned to you" mail (the digest tells them), as
        ``mail_activity_quick_update`` gives. Overrides of ``mail.activity.create`` in other
        addons are not run for these to-dos."""
        # sudo: the to-dos are the handlers', given by the system; names of every unit
        tickets = self.env["helpdesk.ticket"].sudo().browse(vals["res_id"] for vals in vals_list)
        users = tickets.env["res.users"].browse(vals["user_id"] for vals in vals_list)
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                           activity_type_id, summary, date_deadline, user_id,
                                           user_tz, active, create_uid, create_date,
                                           write_uid, write_date)
                SELECT v.model_id, %s, v.res_id, v.res_name, v.type_id, v.summary, v.day,
                       v.user_id, v.tz, TRUE, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::int[], %s::varchar[],
                              %s::date[], %s::int[], %s::varchar[])
                       AS v(model_id, res_id, res_name, type_id, summary, day, user_id, tz)
                RETURNING id, res_id
                """,
                tickets._name,
                self.env.uid,
                now,
                self.env.uid,
                now,
                [vals["res_model_id"] for vals in vals_list],
                tickets.ids,
                [ticket.display_name for ticket in tickets],
                [vals["activity_type_id"] for vals in vals_list],
                [vals["summary"] for vals in vals_list],
                [vals["date_deadline"] for vals in vals_list],
                users.ids,
                [user.tz or None for user in users],
            )
        )
        rows = self.env.cr.fetchall()
        # rows come back in the order given, as the ORM's own INSERT relies on; checked, as a
        # mismatch would give a clock another complaint's to-do (the batch then runs again
        # clock by clock)
        if [row[1] for row in rows] != tickets.ids:
            raise RuntimeError("the to-dos did not come back in the order they were inserted")
        # the complaints' activities (and what is computed from them) are read again
        tickets.invalidate_recordset(["activity_ids"])
        tickets.modified(["activity_ids"])
        self._subscribe_responsibles(tickets, users)
        self._notify_todo_counters(users, [vals["date_deadline"] for vals in vals_list])
        return [row[0] for row in rows]

    @api.model
    def _notify_todo_counters(self, users, days):
        """Tell the users' web clients of their new to-dos due by today (``days``: the due
        date of each user's to-do), as an activity's creation does: their activity counter
        goes up."""
        today = fields.Date.today()
        due_today = defaultdict(int)
        for user, day in zip(users, days, strict=True):
            if day <= today:
                due_today[user] += 1
        for user, count in due_today.items():
            user._bus_send("mail.activity/updated", {"activity_created": True, "count_diff": count})

    @api.model
    def _subscribe_responsibles(self, tickets, users):
        """Subscribe each user to the complaint of their to-do, as an activity's creation
        does; one query finds those already following (usually all: Odoo subscribes the
        assigned user), the others are subscribed through ``message_subscribe``."""
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT v.res_id, v.partner_id
                  FROM unnest(%s::int[], %s::int[]) AS v(res_id, partner_id)
                 WHERE NOT EXISTS (SELECT FROM mail_followers f
                                    WHERE f.res_model = %s AND f.res_id = v.res_id
                                      AND f.partner_id = v.partner_id)
                """,
                tickets.ids,
                [user.partner_id.id for user in users],
                tickets._name,
            )
        )
        missing = defaultdict(list)
        for res_id, partner_id in self.env.cr.fetchall():
            missing[partner_id].append(res_id)
        for partner_id, res_ids in missing.items():
            tickets.browse(res_ids).message_subscribe(partner_ids=[partner_id])

    @api.model
    def _create_notices(self, vals_list):
        """The digest notices of a batch in one INSERT (technical rows, read by the digest
        only, nothing computed on them)."""
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO complaint_clock_notice (clock_id, user_id, kind, level, create_uid,
                                                    create_date, write_uid, write_date)
                SELECT v.clock_id, v.user_id, v.kind, v.level, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::int[])
                       AS v(clock_id, user_id, kind, level)
                """,
                self.env.uid,
                now,
                self.env.uid,
                now,
                [vals["clock_id"] for vals in vals_list],
                [vals["user_id"] for vals in vals_list],
                [vals["kind"] for vals in vals_list],
                [vals.get("level") for vals in vals_list],
            )
        )

    @api.model
    def _mark_complaints_due(self, breached, warned):
        """The deadline state of the complaints of the clocks just breached or warned."""
        # a closed complaint stays done: its callback's clocks are escalated on their own
        handled = (breached | warned).ticket_id.filtered(
            lambda t: t.complaint_phase not in DONE_PHASES
        )
        tickets_overdue = breached.ticket_id & handled
        tickets_warning = (warned.ticket_id & handled) - tickets_overdue
        # the deadline state is not tracked, and nothing tracked is computed from it: no
        # tracking values to prepare for each complaint
        # sudo: the deadline state is the system's, for complaints of every unit
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(mail_notrack=True)
        if tickets_overdue:
            tickets_overdue.with_env(Ticket.env).write({"complaint_sla_state": "overdue"})
        tickets_warning = tickets_warning.filtered(
            lambda t: t.complaint_sla_state not in ("overdue", "warning")
        )
        if tickets_warning:
            tickets_warning.with_env(Ticket.env).write({"complaint_sla_state": "warning"})

    def _phase_label(self):
        return self._get_phase_labels(self.env.lang).get(self.phase)

    @tools.ormcache("lang")
    def _get_phase_labels(self, lang):
        """{phase: label} in ``lang``: a digest names the phase of each of its lines."""
        env = self.with_context(lang=lang).env
        return dict(self._fields["phase"]._description_selection(env))

    def _format_deadline(self):
        """The deadline as the reader reads times: their language and time zone (context)."""
        return format_datetime(
            self.env, self.deadline, tz=self.env.context.get("tz"), dt_format="short"
        )

    def _digest_line(self, kind, level, formatted=None):
        """One line of a digest; ``formatted`` caches the deadlines formatted for its reader
        (the clocks of one rule and day share them)."""
        if kind == "warning":
            if formatted is None:
                deadline = self._format_deadline()
            else:
                deadline = formatted.get(self.deadline)
                if deadline is None:
                    deadline = formatted[self.deadline] = self._format_deadline()
            return self.env._(
                "warning: %(phase)s due %(deadline)s",
                phase=self._phase_label(),
                deadline=deadline,
            )
        return self.env._(
            "escalation level %(level)s: %(phase)s overdue",
            level=level,
            phase=self._phase_label(),
        )

    @api.model
    def _send_digests(self, limit=50000):
        """Queue the digests of the notices waiting, then delete them, in one transaction."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM complaint_clock_notice ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                limit,
            )
        )
        notices = (  # sudo: notices are technical rows (administrators only)
            self.env["complaint.clock.notice"].sudo().browse(r[0] for r in self.env.cr.fetchall())
        )
        if not notices:
            return
        digest = defaultdict(list)  # user -> [(clock, kind, level)]
        for notice in notices:
            digest[notice.user_id].append((notice.clock_id, notice.kind, notice.level))
        try:
            with self.env.cr.savepoint():
                self._send_digest(digest)
                notices.unlink()
        except Exception:  # the notices wait for the next tick; the cron itself goes on
            _logger.exception(
                "The deadline digests of %s notices could not be queued", len(notices)
            )

    @api.model
    def _send_digest(self, digest):
        """One message per recipient, listing their complaints: an e-mail queued in mail.mail
        for those notified by e-mail, an Odoo inbox notification for those who chose the inbox
        or have no e-mail address (a unit leader without one is still told)."""
        if not digest:
            return
        mails, inbox = [], []
        author = self.env.company.partner_id
        for user, lines in digest.items():
            # in the recipient's language and time zone
            env = self.with_context(
                lang=user.lang or self.env.lang, tz=user.tz or self.env.context.get("tz")
            ).env
            formatted = {}
            items = Markup("").join(
                Markup("<li>%s %s: %s</li>")
                % (
                    clock.ticket_id.number,
                    escape(clock.ticket_id.name),
                    clock.with_env(env)._digest_line(kind, level, formatted),
                )
                for clock, kind, level in lines
            )
            subject = env._("Complaint deadlines: %(count)s to look at", count=len(lines))
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                env._("These complaints need your attention:"),
                items,
            )
            if user.email and user.notification_type == "email":
                mails.append(
                    {
                        "subject": subject,
                        "body_html": body,
                        "email_to": user.email_formatted,
                        "email_from": author.email_formatted or user.email_formatted,
                        "auto_delete": True,
                    }
                )
            else:
                inbox.append((user, subject, body))
        if mails:
            # sudo: users may not create mail.mail; the digest goes to its own recipient only
            self.env["mail.mail"].sudo().create(mails)
        if inbox:
            self._notify_inbox(inbox, author)

    @api.model
    def _notify_inbox(self, inbox, author):
        """Odoo inbox notifications, whatever the user's notification preference: what
        message_notify does for users notified in Odoo, without its e-mail fallback."""
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        # sudo: the cron writes notifications for others, which is what notifying means
        messages = (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "message_type": "user_notification",
                        "subtype_id": note,
                        "is_internal": True,
                        "subject": subject,
                        "body": body,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "partner_ids": [Command.link(user.partner_id.id)],
                    }
                    for user, subject, body in inbox
                ]
            )
        )
        Thread = self.env["mail.thread"].sudo()  # sudo: see above, the system notifies
        for message, (user, _subject, _body) in zip(messages, inbox, strict=True):
            Thread._notify_thread_by_inbox(
                message, [{"id": user.partner_id.id, "uid": user.id, "notif": "inbox"}]
            )

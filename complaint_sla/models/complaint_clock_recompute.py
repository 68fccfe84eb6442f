"""Recomputes of running deadlines waiting after a change of a calendar's public holidays or
make-up working days: saving the holiday queues one per calendar and returns at once; the
cron recomputes the calendar's clocks batch by batch.

Each batch commits its deadlines, its chatter notes and the job's progress together: a run
killed half-way goes on from the last batch committed, and a clock recomputed again finds its
deadline already right and is not noted twice.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class ComplaintClockRecompute(models.Model):
    _name = "complaint.clock.recompute"
    _description = "Deadline Recompute (queue)"
    _order = "id"

    # create_uid: who changed the holidays; the notes are in their name and language
    calendar_id = fields.Many2one(
        "resource.calendar", required=True, index=True, ondelete="cascade", readonly=True
    )
    date_from = fields.Datetime(
        readonly=True, help="First moment the change can move (empty: all running clocks)."
    )
    date_to = fields.Datetime(readonly=True, help="Last moment the change can move.")
    last_ticket_id = fields.Integer(
        readonly=True, help="Progress: the complaints up to this id are recomputed."
    )

    @api.model
    def _enqueue(self, calendars, date_from=None, date_to=None):
        """Queue the recompute of the running and waiting clocks of ``calendars`` that a
        change between ``date_from`` and ``date_to`` (naive UTC) can move, and wake the cron."""
        if not calendars:
            return self.browse()
        # sudo: whoever may change the holidays has every complaint's deadline recomputed
        jobs = self.sudo().create(
            [
                {"calendar_id": calendar.id, "date_from": date_from, "date_to": date_to}
                for calendar in calendars
            ]
        )
        # sudo: users may not write ir.cron; the job wakes the system's cron
        self.env.ref("complaint_sla.ir_cron_recompute_clocks").sudo()._trigger()
        note = self.env._(
            "Public holidays or make-up working days changed: the running deadlines on this "
            "calendar are being recomputed in the background (about a minute for 100,000 "
            "complaints). Until then complaints show their former deadline; each one whose "
            "deadline moves gets a note with the former and the new deadline."
        )
        # sudo: the note goes on the calendar's chatter, which its editor may not post on
        calendars.sudo()._message_log_batch({calendar.id: note for calendar in calendars})
        return jobs

    @api.model
    def _cron_recompute_clocks(self, batch_size=5000):
        """Recompute the queued calendars' clocks, ``batch_size`` complaints at a time (all
        the clocks of a complaint in one batch, so one note each), oldest job first;
        each batch is committed with the job's progress. Returns how many deadlines moved."""
        Clock = self.env["complaint.clock"]
        moved = 0
        while True:
            job = self._get_next_job()
            if not job:
                return moved
            author = job.create_uid or self.env.user
            last_id, count = Clock.with_context(
                lang=author.lang or self.env.context.get("lang")
            )._recompute_calendar_batch(
                job.calendar_id,
                job.date_from,
                job.date_to,
                job.last_ticket_id,
                batch_size,
                author,
            )
            moved += count
            job.last_ticket_id = last_id
            remaining = self._count_remaining(job) if last_id else 0
            if not remaining:
                job.unlink()
                remaining = self.search_count([])
            time_left = self.env["ir.cron"]._commit_progress(count, remaining=remaining)
            if not remaining or time_left <= 0:
                return moved

    @api.model
    def _get_next_job(self):
        """The oldest queued job, locked (a second worker takes the next one)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM complaint_clock_recompute ORDER BY id LIMIT 1 "
                "FOR UPDATE SKIP LOCKED"
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _count_remaining(self, job):
        """What ir.cron is told remains, so that it runs again at once when this run stops
        early: one for ``job`` while it has complaints left (found, not counted: counting
        them after each batch would cost more than the batch's own query), one for each
        other job queued."""
        condition = self.env["complaint.clock"]._get_recompute_filter(
            job.calendar_id, job.date_from, job.date_to
        )
        self.env.cr.execute(
            SQL(
                "SELECT EXISTS(SELECT FROM complaint_clock c WHERE %s AND c.ticket_id > %s)::int "
                "+ (SELECT count(*) FROM complaint_clock_recompute WHERE id != %s)",
                condition,
                job.last_ticket_id,
                job.id,
            )
        )
        return self.env.cr.fetchone()[0]

"""Global leaves (public holidays) shape the cached working schedules of complaint deadlines;
an employee's own time off does not. A change of public holidays queues the recompute of the
running deadlines it moves, and of those that were provisional for lack of them (a cron job
woken at once, see complaint.clock.recompute): saving the holiday does not wait for it."""

from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "complaint.cache.mixin"]

    def _clears_complaint_cache(self):
        return any(not leave.resource_id for leave in self)

    def _get_complaint_calendars(self):
        """The calendars whose holidays these leaves are: a leave without calendar is every
        calendar's."""
        holidays = self.filtered(lambda leave: not leave.resource_id)
        if not holidays:
            return self.env["resource.calendar"]
        # (mapped() of an empty many2one is empty: all() of it would be True)
        if all(leave.calendar_id for leave in holidays):
            return holidays.calendar_id
        # sudo: the clocks of every complaint count, whoever edits the holidays
        return self.env["complaint.clock"].sudo()._get_running_calendars()

    def _get_complaint_window(self):
        """(first, last) moment of these public holidays (naive UTC), or (None, None)."""
        holidays = self.filtered(lambda leave: not leave.resource_id)
        if not holidays:
            return None, None
        return min(holidays.mapped("date_from")), max(holidays.mapped("date_to"))

    @api.model
    def _refresh_complaint_clocks(self, calendars, windows):
        """Queue the recompute of the clocks of ``calendars`` that the holidays in
        ``windows`` (pairs of first, last moment) can move."""
        windows = [w for w in windows if w[0]]
        if not calendars or not windows:
            return
        self.env["complaint.clock.recompute"]._enqueue(
            calendars, min(w[0] for w in windows), max(w[1] for w in windows)
        )

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self._refresh_complaint_clocks(
            leaves._get_complaint_calendars(), [leaves._get_complaint_window()]
        )
        return leaves

    def write(self, vals):
        calendars = self._get_complaint_calendars()
        before = self._get_complaint_window()
        result = super().write(vals)
        self._refresh_complaint_clocks(
            calendars | self._get_complaint_calendars(), [before, self._get_complaint_window()]
        )
        return result

    def unlink(self):
        calendars = self._get_complaint_calendars()
        window = self._get_complaint_window()
        result = super().unlink()
        self._refresh_complaint_clocks(calendars, [window])
        return result

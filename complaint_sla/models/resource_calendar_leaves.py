"""Global leaves (public holidays) shape the cached working schedules of complaint deadlines;
an employee's own time off does not. Entering a year's holidays recomputes the deadlines that
were provisional for lack of them."""

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
        if all(holidays.mapped("calendar_id")):
            return holidays.calendar_id
        # sudo: the clocks of every complaint count, whoever edits the holidays
        return self.env["complaint.clock"].sudo()._get_provisional_calendars()

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        # sudo: the clocks of every complaint follow, whoever edits the holidays
        self.env["complaint.clock"].sudo()._refresh_provisional_clocks(
            leaves._get_complaint_calendars()
        )
        return leaves

    def write(self, vals):
        calendars = self._get_complaint_calendars()
        result = super().write(vals)
        # sudo: the clocks of every complaint follow, whoever edits the holidays
        self.env["complaint.clock"].sudo()._refresh_provisional_clocks(
            calendars | self._get_complaint_calendars()
        )
        return result

    def unlink(self):
        calendars = self._get_complaint_calendars()
        result = super().unlink()
        # sudo: the clocks of every complaint follow, whoever edits the holidays
        self.env["complaint.clock"].sudo()._refresh_provisional_clocks(calendars)
        return result

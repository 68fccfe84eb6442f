"""Global leaves (public holidays) shape the cached working schedules of complaint deadlines;
an employee's own time off does not."""

from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "complaint.cache.mixin"]

    def _clears_complaint_cache(self):
        return any(not leave.resource_id for leave in self)

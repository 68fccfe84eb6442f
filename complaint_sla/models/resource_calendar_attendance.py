"""Attendance lines shape the cached working schedules of complaint deadlines."""

from odoo import models


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "complaint.cache.mixin"]

"""Notices waiting for the deadline digest: what the cron recorded on a clock (warning,
escalation level) for a recipient, kept until the digest of the run that recorded it is queued.

The cron commits after each batch; the digest is queued once per recipient at the end of the
run, in the transaction that deletes the notices it lists. A run killed half-way leaves its
notices to the next run: nothing is sent twice, nothing is lost.
"""

from odoo import fields, models


class ComplaintClockNotice(models.Model):
    _name = "complaint.clock.notice"
    _description = "Complaint Deadline Notice (digest queue)"
    _order = "id"

    clock_id = fields.Many2one("complaint.clock", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    kind = fields.Selection([("warning", "Warning"), ("escalation", "Escalation")], required=True)
    level = fields.Integer()

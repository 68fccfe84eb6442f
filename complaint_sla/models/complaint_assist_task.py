"""Assisting units' tasks: the last one reported (or cancelled) completes the unit's result,
which starts the reply clock when the lead unit's result is written."""

from odoo import models


class ComplaintAssistTask(models.Model):
    _inherit = "complaint.assist.task"

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # sudo: clocks are the system's, whoever reports the task
            self.env["complaint.clock"].sudo()._start_reply_clocks(self.sudo().ticket_id)
        return result

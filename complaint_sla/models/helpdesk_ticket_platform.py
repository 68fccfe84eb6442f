"""An external platform's deadline kept as a second clock (complaint_management stores it on
the complaint; here it is watched, warned and escalated like ours)."""

from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _on_complaint_registered(self):
        result = super()._on_complaint_registered()
        platform = self.filtered("complaint_platform_deadline")
        if platform:
            # sudo: clocks are the system's; whoever registers may not write them
            self.env["complaint.clock"].sudo()._start_platform_clocks(platform)
        return result

    def _on_complaint_replied(self):
        result = super()._on_complaint_replied()
        # the platform's deadline is the one to answer by: the reply meets it (sudo: clocks are
        # the system's; whoever replies may not write them)
        self.sudo().complaint_clock_ids.filtered(lambda c: c.phase == "platform")._stop()
        return result

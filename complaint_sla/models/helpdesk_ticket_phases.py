"""The phases of SPEC §6 that the complaint's other events drive: staff writing to the
complainant (first answer, contact interval), the unit's result (reply), the callback events
another addon reports through complaint_management's phase-event hook (callback, unreachable
complainant), whose due dates and deadlines that addon then takes from the clocks (when a
callback is due, from when it may close as unreachable); registration starts its
clocks with the others (helpdesk_ticket.py). The clocks' side of each event is in
complaint_clock.py."""
# the phases' part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # --- hooks of complaint_management ---------------------------------------------------------
    # sudo (every hook below): clocks are the system's; whoever triggers the event may not
    # write them, nor read every complaint they belong to

    def _on_complaint_contacted(self):
        result = super()._on_complaint_contacted()
        # sudo: clocks are the system's (see above)
        self.env["complaint.clock"].sudo()._record_contact(self.sudo())
        return result

    def _on_complaint_replied(self):
        result = super()._on_complaint_replied()
        # sudo: clocks are the system's (see above)
        self.env["complaint.clock"].sudo()._record_reply(self.sudo())
        return result

    def _on_complaint_reopened(self, reason):
        result = super()._on_complaint_reopened(reason)
        # handled again: the complainant is kept informed again
        # sudo: clocks are the system's (see above)
        self.env["complaint.clock"].sudo()._start_clocks(
            self.sudo(), ("contact",), start=fields.Datetime.now()
        )
        return result

    def _on_complaint_phase_event(self, event, when=None):
        result = super()._on_complaint_phase_event(event, when=when)
        # sudo: clocks are the system's (see above)
        self.env["complaint.clock"].sudo()._record_phase_event(
            self.sudo(), event, when or fields.Datetime.now()
        )
        return result

    @api.model
    def _is_complaint_phase_timed(self, phase):
        # the rules that apply in the company, cached until a rule changes
        rules = self.env["complaint.sla.rule"]._get_rule_snapshot(self.env.company.id)
        return any(rule[1] == phase for rule in rules) or super()._is_complaint_phase_timed(phase)

    def _get_complaint_phase_due_dates(self, phase):
        result = super()._get_complaint_phase_due_dates(phase)
        zones = {}
        for ticket_id, clock in self._get_complaint_phase_clocks(phase).items():
            name = clock.calendar_id.tz or clock.ticket_id.company_id._get_complaint_tz()
            tz = zones.get(name) or zones.setdefault(name, ZoneInfo(name))
            # the day before the deadline's instant: a deadline at 24:00 is due that day
            local = clock.deadline.replace(tzinfo=UTC).astimezone(tz) - timedelta(microseconds=1)
            result[ticket_id] = local.date()
        return result

    def _get_complaint_phase_deadlines(self, phase):
        result = super()._get_complaint_phase_deadlines(phase)
        result.update(
            (ticket_id, clock.deadline)
            for ticket_id, clock in self._get_complaint_phase_clocks(phase).items()
        )
        return result

    def _get_complaint_phase_clocks(self, phase):
        """{ticket id: clock} the current clock of ``phase`` of each of these complaints: the
        last one not stopped (a breached one, still escalated, counts: its deadline has
        passed); complaints without one are not in the result."""
        # sudo: clocks are the system's (see above); callers get only their deadlines
        clocks = (
            self.env["complaint.clock"]
            .sudo()
            .search_fetch(
                [("ticket_id", "in", self.ids), ("phase", "=", phase), ("stopped_at", "=", False)],
                ["ticket_id", "calendar_id", "deadline"],
                order="id",
            )
        )
        return {clock.ticket_id.id: clock for clock in clocks}  # the last one wins

    def write(self, vals):
        result = super().write(vals)
        if vals.get("complaint_result_summary"):
            # the unit's result is in: the reply to the complainant is due
            # sudo: clocks are the system's (see above)
            self.env["complaint.clock"].sudo()._start_reply_clocks(self.sudo())
        return result

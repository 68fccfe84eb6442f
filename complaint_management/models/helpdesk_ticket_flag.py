"""Flagged supervision (挂牌督办) of complaints: the one owner of ``complaint_is_flagged``.

Every addon flags and unflags a complaint through ``_complaint_set_flag`` and
``_complaint_clear_flag``; complaint_sla extends them to open and close its flag records,
complaint_survey calls them when a complainant is dissatisfied again.
"""
# the flag's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import AccessError

from .helpdesk_ticket import PROCEDURE

MANAGER = "complaint_management.group_complaint_manager"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _complaint_set_flag(self, reason):
        """Put complaints under flagged supervision, with a note saying why.

        The caller has decided that they may be flagged (a manager's button, a system event
        such as a second dissatisfaction); extensions add what a flag needs (complaint_sla:
        its flag record). Complaints already flagged keep their flag and get no second note.
        """
        self._check_is_complaint()
        to_flag = self.filtered(lambda t: not t.complaint_is_flagged)
        # the procedure writes the protected flag, for whoever triggered it
        to_flag.with_context(complaint_procedure=PROCEDURE).write({"complaint_is_flagged": True})
        for ticket in to_flag:
            ticket.message_post(
                body=self.env._("Flagged for supervision: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return to_flag

    def _complaint_clear_flag(self, reason):
        """End the flagged supervision of complaints, with a note saying why; extensions
        close what they opened for the flag (complaint_sla: its flag records)."""
        self._check_is_complaint()
        flagged = self.filtered("complaint_is_flagged")
        flagged.with_context(complaint_procedure=PROCEDURE).write({"complaint_is_flagged": False})
        for ticket in flagged:
            ticket.message_post(
                body=self.env._("Flag removed: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return flagged

    def _check_complaint_flag_rights(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a complaint manager can flag a complaint or remove its flag.")
            )

    def action_open_complaint_unflag(self):
        self._check_complaint_flag_rights()
        return self._open_wizard(
            "complaint.unflag.wizard",
            self.env._("Remove the flag"),
            {"default_ticket_ids": self.filtered("complaint_is_flagged").ids},
        )

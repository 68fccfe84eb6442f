"""Adopting the helpdesk an organisation already has: existing tickets registered as complaints.

Kept apart from helpdesk_ticket.py (the registration of new complaints): a ticket that already
lived has a contact, followers and a chatter that name its customer, and all of that has to
move behind the complaint's confidentiality before the procedure starts.
"""
# one file per concern of helpdesk.ticket, as the issue tracker asked for a model of that size
# pylint: disable=consider-merging-classes-inherited

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..tools.notification import notification_action
from .helpdesk_ticket import PROCEDURE

OFFICER = "complaint_management.group_complaint_officer"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def get_import_templates(self):
        if not self.env.context.get("default_is_complaint"):
            return super().get_import_templates()
        return [
            {
                "label": self.env._("Import template for complaints"),
                "template": "/complaint_management/static/xls/complaint_import_template.csv",
            }
        ]

    def action_register_as_complaint(self):
        """Register these plain tickets as complaints, keeping their history: number,
        classification and routing (unless a unit is set), the clocks of complaint_sla; the
        customer becomes the complainant, hidden like any complainant."""
        if not (self.env.su or self.env.user.has_group(OFFICER)):
            raise AccessError(self.env._("Only complaint officers register complaints."))
        tickets = self.filtered(lambda t: not t.is_complaint)
        if not tickets:
            raise UserError(self.env._("These tickets already are complaints."))
        # sudo: the tickets' contacts, followers and messages are rewritten by the system
        tickets.sudo()._adopt_as_complaints()
        return notification_action(
            self.env._(
                "%(count)s tickets registered as complaints: %(numbers)s",
                count=len(tickets),
                numbers=", ".join(tickets.mapped("number")),
            ),
            "success",
        )

    def _adopt_as_complaints(self):
        customers = {ticket.id: ticket.partner_id for ticket in self}
        vals_list = [ticket._prepare_adoption_values() for ticket in self]
        self._prepare_complainants(vals_list)
        self._route_vals(vals_list)
        numbers = iter(self._reserve_complaint_numbers(len(self)))
        stages = self._get_complaint_stages()
        for ticket, vals in zip(self, vals_list, strict=True):
            phase = "closed" if ticket.closed else "new"
            vals.update(
                {
                    "is_complaint": True,
                    "number": next(numbers),
                    "stage_id": stages[phase].id,
                    # helpdesk's contact fields stay empty on complaints
                    "partner_id": False,
                    "partner_name": False,
                    "partner_email": False,
                }
            )
            # is_complaint is still False here: a plain write, as for any ticket
            ticket.with_context(complaint_procedure=PROCEDURE, tracking_disable=True).write(vals)
        self._hide_customers(customers)
        self._create_routing_records()
        self._link_repeats()
        self._detect_collective()
        self._apply_priority()
        self._on_complaint_registered()
        for ticket in self:
            ticket._message_log(
                body=self.env._(
                    "Registered as complaint %(number)s; its customer is now its complainant.",
                    number=ticket.number,
                )
            )

    def _prepare_adoption_values(self):
        self.ensure_one()
        vals = {
            "complainant_partner_id": self.partner_id.id,
            "complainant_name": self.partner_name or self.partner_id.name,
            "complainant_email": self.partner_email or self.partner_id.email,
            "complainant_phone": self.partner_id.phone,
            "complaint_received_date": self.create_date,
            "complaint_first_contact_user_id": self.create_uid.id,
        }
        facts = ("category_id", "channel_id", "name", "description", "team_id", "user_id")
        for fname in facts:
            value = self[fname]
            vals[fname] = value.id if isinstance(value, models.BaseModel) else value
        return {key: value for key, value in vals.items() if value}

    @api.model
    def _hide_customers(self, customers):
        """The customer's messages get the shared complainant author, their address leaves the
        messages, and they stop following: the history is kept, their identity is not in it."""
        author = self.env.ref("complaint_management.partner_complainant_author")
        for ticket in self:
            partner = customers[ticket.id]
            messages = ticket.message_ids
            if partner:
                mine = messages.filtered(lambda m, p=partner: m.author_id == p)
                mine.write({"author_id": author.id})
                ticket.message_unsubscribe(partner_ids=partner.ids)
                messages.filtered(lambda m, p=partner: p in m.partner_ids).write(
                    {"partner_ids": [(3, partner.id)]}
                )
                messages.notification_ids.filtered(
                    lambda n, p=partner: n.res_partner_id == p
                ).unlink()
            messages.filtered(lambda m: m.author_id == author or not m.author_id).write(
                {"email_from": False}
            )
            messages.filtered(lambda m: m.message_type == "email").write(
                {"incoming_email_to": False, "incoming_email_cc": False}
            )

"""The complainant of a complaint: who they are, how to reach them, their secret tracking code.

The identity lives here and nowhere else: a complaint (a helpdesk ticket) points to this record
and keeps helpdesk's own contact fields (partner_id, partner_name, partner_email) empty, so the
helpdesk, mail, contacts and portal machinery that read those fields in any user's environment
carry no identity. Only complaint officers and managers can read this model at all; a handler
explicitly granted on a complaint reads its complainant through a record rule. Display names
never show the identity (many2one reads show them to anyone).
"""

import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize
from odoo.tools.mail import single_email_re

from ..tools.numbering import PHONE_RE, new_tracking_code


class ComplaintComplainant(models.Model):
    _name = "complaint.complainant"
    _description = "Complainant"
    _rec_name = "id"

    ticket_ids = fields.One2many("helpdesk.ticket", "complainant_id", string="Complaints")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index="btree_not_null",
        ondelete="set null",
        help="The contact of this complainant, when they have one (e.g. a portal user).",
    )
    name = fields.Char()
    email = fields.Char(string="E-mail")
    phone = fields.Char()
    address = fields.Char()
    tracking_code = fields.Char(
        readonly=True,
        copy=False,
        help="Secret code that, with the tracking number, opens the complaint's tracking page.",
    )

    _tracking_code_uniq = models.UniqueIndex(
        "(tracking_code) WHERE tracking_code IS NOT NULL", "Tracking codes must be unique."
    )

    @api.depends("ticket_ids.number")
    def _compute_display_name(self):
        # never the identity: a many2one read shows the display name to whoever reads it
        for complainant in self:
            number = complainant.ticket_ids[:1].number
            complainant.display_name = (
                self.env._("Complainant of %(number)s", number=number)
                if number
                else self.env._("Complainant")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("tracking_code"):
                vals["tracking_code"] = new_tracking_code(secrets.randbits)
            if vals.get("partner_id") and not (vals.get("name") or vals.get("email")):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals.setdefault("name", partner.name)
                vals.setdefault("email", partner.email or False)
                vals.setdefault("phone", partner.phone or False)
        return super().create(vals_list)

    @api.constrains("email", "phone")
    def _check_contact(self):
        for complainant in self:
            if complainant.email and not single_email_re.match(
                email_normalize(complainant.email) or ""
            ):
                raise ValidationError(
                    self.env._("%(email)s is not a valid e-mail address.", email=complainant.email)
                )
            if complainant.phone and not PHONE_RE.match(complainant.phone.strip()):
                raise ValidationError(
                    self.env._(
                        "%(phone)s is not a valid phone number: use digits, spaces, +, - "
                        "and parentheses.",
                        phone=complainant.phone,
                    )
                )

    def action_regenerate_tracking_code(self):
        """A new code (e.g. the old one was given to the wrong person): the old link stops
        working."""
        for complainant in self:
            complainant.tracking_code = new_tracking_code(secrets.randbits)

"""The complainant's identity on a complaint: the link to complaint.complainant and the
fields that show it to those allowed, the values moved there at creation and written later."""
# the identity's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models

from .helpdesk_ticket import OFFICER, RELATIONS

# The complainant's identity (SPEC §9) lives on complaint.complainant, never in helpdesk's own
# contact fields: values given under either name at creation (form, import, API, mail gateway)
# or written later go there. {name given by a client: field of complaint.complainant}
IDENTITY_VALS = {
    "partner_id": "partner_id",
    "partner_name": "name",
    "partner_email": "email",
    "partner_phone": "phone",
    "partner_address": "address",
    "complainant_partner_id": "partner_id",
    "complainant_name": "name",
    "complainant_email": "email",
    "complainant_phone": "phone",
    "complainant_address": "address",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # --- identity of the complainant (confidential: complaint.complainant) -------------------
    complainant_id = fields.Many2one(
        "complaint.complainant",
        string="Complainant record",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    complainant_partner_id = fields.Many2one(
        related="complainant_id.partner_id",
        readonly=False,
        string="Complainant contact",
        groups=OFFICER,
    )
    complainant_name = fields.Char(
        related="complainant_id.name", readonly=False, string="Complainant name", groups=OFFICER
    )
    complainant_email = fields.Char(
        related="complainant_id.email", readonly=False, string="Complainant e-mail", groups=OFFICER
    )
    complainant_phone = fields.Char(
        related="complainant_id.phone", readonly=False, string="Complainant phone", groups=OFFICER
    )
    complainant_address = fields.Char(
        related="complainant_id.address",
        readonly=False,
        string="Complainant address",
        groups=OFFICER,
    )
    complaint_tracking_code = fields.Char(
        related="complainant_id.tracking_code", string="Tracking code", groups=OFFICER
    )
    complaint_tracking_url = fields.Char(
        compute="_compute_complaint_tracking_url", string="Tracking link", groups=OFFICER
    )
    complainant_relation = fields.Selection(RELATIONS, string="Relation to the matter")
    complaint_is_anonymous = fields.Boolean(string="Filed anonymously", tracking=True)
    complaint_is_confidential = fields.Boolean(
        string="Keep identity confidential",
        tracking=True,
        help="The complainant asked that their identity is not disclosed to the units involved.",
    )
    complaint_identity_grant_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_ticket_identity_grant_rel",
        "ticket_id",
        "user_id",
        string="Identity visible to",
        groups="complaint_management.group_complaint_officer",
        help="Handlers who may see the complainant's identity on this complaint.",
    )
    complainant_display = fields.Char(string="Complainant", compute="_compute_complainant_display")

    @api.depends_context("uid")
    @api.depends("complaint_is_confidential", "complaint_is_anonymous")
    def _compute_complainant_display(self):
        can_see_all = not self._is_identity_restricted()
        # sudo: the identity is restricted to officers; this compute decides per record whether
        # the current user may see it (officer, or handler granted on this complaint).
        for ticket, ticket_sudo in zip(self, self.sudo(), strict=True):
            complainant = ticket_sudo.complainant_id
            if not ticket_sudo.is_complaint:
                ticket.complainant_display = ticket_sudo.partner_name or ticket_sudo.partner_id.name
            elif ticket_sudo.complaint_is_anonymous:
                ticket.complainant_display = self.env._("Anonymous")
            elif can_see_all:
                ticket.complainant_display = complainant.name or complainant.partner_id.name
            elif self.env.user in ticket_sudo.complaint_identity_grant_user_ids:
                # granted handlers cannot read the contact fields: give them the phone here
                ticket.complainant_display = " · ".join(
                    part
                    for part in (
                        complainant.name or complainant.partner_id.name,
                        complainant.phone or complainant.email,
                    )
                    if part
                )
            else:
                ticket.complainant_display = self.env._("Confidential")

    @api.depends("number", "complainant_id.tracking_code")
    def _compute_complaint_tracking_url(self):
        for ticket in self:
            code = ticket.complainant_id.tracking_code
            ticket.complaint_tracking_url = (
                f"{ticket.get_base_url()}/complaint/track/{ticket.number}/{code}"
                if ticket.is_complaint and code
                else False
            )

    def _field_to_sql(self, alias, field_expr, query=None):
        # Odoo checks a non-stored related field's access on its target only (the complainant
        # record's phone, which has no group of its own): grouping or sorting by
        # complainant_phone (read_group, the kanban's and list's groups, order) would read the
        # identity for anyone who can read the complaint
        field = self._fields.get(field_expr.split(".", 1)[0])
        if field is not None and field.related and not field.store:
            self._check_field_access(field, "read")
        return super()._field_to_sql(alias, field_expr, query)

    @api.model
    def _is_identity_restricted(self):
        """Whoever is not a complaint officer (or manager) does not see complainants."""
        return not (self.env.su or self.env.user.has_group(OFFICER))

    @api.model
    def _prepare_complainants(self, vals_list):
        """Move the identity out of the ticket's values into complaint.complainant records
        (one INSERT for the batch): helpdesk's own contact fields stay empty on complaints."""
        identities = []
        for vals in vals_list:
            identity = {}
            for key, target in IDENTITY_VALS.items():
                value = vals.pop(key, None)
                if value and not identity.get(target):
                    identity[target] = value.strip() if isinstance(value, str) else value
            if vals.get("complaint_is_anonymous"):
                identity.pop("name", None)
            identities.append(identity)
        # sudo: whoever registers a complaint (officer, visitor, mail gateway, platform) records
        # who filed it; reading it back is what is restricted
        complainants = self.env["complaint.complainant"].sudo().create(identities)
        for vals, complainant in zip(vals_list, complainants, strict=True):
            vals["complainant_id"] = complainant.id
            if complainant.email:
                # the acknowledgement is due (_send_acknowledgements): in the INSERT, not an
                # UPDATE after it
                vals["complaint_acknowledgement_state"] = "pending"

    def _write_identity(self, identity):
        """Write the complainant's details (officers only: the model's access rules decide)."""
        self.env["complaint.complainant"].check_access("write")
        # no sudo: only officers pass the check above, and they read the link
        missing = self.filtered(lambda t: not t.complainant_id)
        for ticket in missing:
            # sudo: the complainant_id link is set by the system, the values below by the user
            ticket.sudo().complainant_id = self.env["complaint.complainant"].sudo().create({})
        self.complainant_id.write(identity)
        for ticket in self:
            ticket._message_log(
                body=self.env._("The complainant's contact details were changed."),
            )

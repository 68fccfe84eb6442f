"""19.0.1.1.0: categories of complaints are marked as complaint categories (the web form and the
Complaints app list only those), and the identity of existing complaints moves from helpdesk's
contact fields to complaint.complainant records."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    Category = env["helpdesk.ticket.category"]
    ours = env["ir.model.data"].search(
        [("module", "=", "complaint_management"), ("model", "=", "helpdesk.ticket.category")]
    )
    used = env["helpdesk.ticket"].search([("is_complaint", "=", True)]).category_id
    (Category.browse(ours.mapped("res_id")) | used).write({"is_complaint_category": True})
    tickets = env["helpdesk.ticket"].search(
        [("is_complaint", "=", True), ("complainant_id", "=", False)]
    )
    for ticket in tickets:
        vals = {
            "partner_id": ticket.partner_id.id,
            "name": ticket.partner_name,
            "email": ticket.partner_email,
        }
        ticket.complainant_id = env["complaint.complainant"].create(vals)
    if tickets:
        # by SQL: a write of these fields on complaints would go to the new records
        cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET partner_id = NULL, partner_name = NULL, "
                "partner_email = NULL WHERE id IN %s",
                tuple(tickets.ids),
            )
        )
        tickets.invalidate_recordset()

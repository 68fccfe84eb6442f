"""Run by setup/test in `odoo-bin shell` on a database installed with the previous release of
the three addons and then updated to this code (``-u``): what a user opens after the update
works. Prints "upgrade check: ok" on success.

- every view of our addons combines with its parents and extensions (none left switched off);
- a handler reads the complaints of their unit through the renamed record rules;
- a mail template of noupdate data renders the renamed fields.
setup/test compares the renamed fields' values before and after the update."""

# ruff: noqa: F821 - `env` is given by odoo-bin shell

View = env["ir.ui.view"]
ours = env["ir.model.data"].search(
    [
        ("module", "in", ("complaint_management", "complaint_sla", "complaint_survey")),
        ("model", "=", "ir.ui.view"),
    ]
)
views = View.browse(ours.mapped("res_id")).exists()
off = views.filtered(lambda v: not v.active)
assert not off, f"views left switched off: {off.mapped('name')}"
for view in views.filtered(lambda v: v.type != "qweb" and v.mode == "primary"):
    env[view.model].get_views([(view.id, view.type)])
params = env["ir.config_parameter"].sudo().search([("key", "like", "migration_views_switched_off")])
assert not params, params.mapped("key")

Ticket = env["helpdesk.ticket"]
complaint = Ticket.search([("is_complaint", "=", True), ("team_id.user_id", "!=", False)], limit=1)
assert complaint, "the demo complaints are there"
handler = complaint.team_id.user_id
seen = Ticket.with_user(handler).search([("is_complaint", "=", True)])
assert complaint in seen, "the unit's leader reads the unit's complaint"
template = env.ref("complaint_management.mail_template_complaint_refused")
complaint.sudo().complaint_refusal_note = "Upgrade check note"
body = template._render_field("body_html", complaint.ids)[complaint.id]
assert "Upgrade check note" in body, body
print("upgrade check: ok")

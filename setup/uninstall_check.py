"""Run by setup/test in `odoo-bin shell` on a database with the three addons and their demo
complaints: uninstall complaint_survey, then complaint_sla, and check that complaint_management
still registers, accepts and closes complaints. Prints "uninstall check: ok" on success."""

# ruff: noqa: F821 - `env` is given by odoo-bin shell

Module = env["ir.module.module"]
for name in ("complaint_survey", "complaint_sla"):
    Module.search([("name", "=", name)]).button_immediate_uninstall()
    env.invalidate_all()
    state = Module.search([("name", "=", name)]).state
    assert state == "uninstalled", f"{name} is {state}"
env = env(context={})  # a fresh environment on the new registry
Ticket = env["helpdesk.ticket"]
assert (
    "complaint_clock_ids" not in Ticket._fields and "complaint_callback_ids" not in Ticket._fields
)
old = Ticket.search([("is_complaint", "=", True)])
assert old, "the demo complaints are still there"
team = env["helpdesk.ticket.team"].search([], limit=1)
ticket = Ticket.create(
    {
        "name": "After uninstall",
        "description": "<p>x</p>",
        "is_complaint": True,
        "team_id": team.id,
        "complainant_name": "Zhao",
        "complainant_phone": "13900001111",
    }
)
ticket.action_accept()
ticket.action_start()
ticket.write(
    {
        "complaint_result_summary": "Done",
        "complaint_verdict": "responsible",
        "complaint_cause": "x",
        "complaint_responsible_team_id": team.id,
        "complaint_responsibility_category_id": env.ref(
            "complaint_management.responsibility_quality"
        ).id,
        "complaint_corrective_action": "y",
        "complaint_reply_method": "phone",
        "complaint_reply_date": "2026-12-01 10:00:00",
    }
)
ticket.action_close()
assert ticket.complaint_phase == "closed"
env.cr.rollback()
print("uninstall check: ok")

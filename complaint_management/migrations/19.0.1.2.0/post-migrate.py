"""19.0.1.2.0: queued exports are complaint.export.job records (no longer transient wizards kept
from the vacuum); the cron, a noupdate record, moves to the new model, and exports still waiting
in the queue become jobs."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("complaint_management.ir_cron_complaint_exports", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("complaint.export.job"),
                "code": "model._cron_run()",
            }
        )
    queued = env["complaint.export.wizard"].search([("state", "=", "queued")])
    env["complaint.export.job"].create(
        [
            {
                "user_id": wizard.create_uid.id,
                "company_id": wizard.create_uid.company_id.id,
                "date_from": wizard.date_from,
                "date_to": wizard.date_to,
                "team_ids": [(6, 0, wizard.team_ids.ids)],
                "category_ids": [(6, 0, wizard.category_ids.ids)],
            }
            for wizard in queued
        ]
    )

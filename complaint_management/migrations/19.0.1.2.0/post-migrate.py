"""19.0.1.2.0:

- the shipped complaint office registers complaints by e-mail. Its record is noupdate data, so a
  database installed before the flag existed keeps a ``complaints@`` alias that creates plain
  tickets; the flag is set here, which rewrites the alias defaults (``is_complaint``) through
  the unit's write;
- queued exports are complaint.export.job records (no longer transient wizards kept from the
  vacuum); the cron, a noupdate record, moves to the new model, and exports still waiting in the
  queue become jobs.

Both steps change nothing when run a second time."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    _office_registers_mail(env)
    _queued_exports_become_jobs(env)


def _office_registers_mail(env):
    office = env.ref("complaint_management.team_complaint_office", raise_if_not_found=False)
    if not office:
        return
    defaults = office.alias_id.alias_defaults or ""
    if not office.complaint_mail_intake or (office.alias_id and "is_complaint" not in defaults):
        office.complaint_mail_intake = True


def _queued_exports_become_jobs(env):
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
    # the wizards are jobs now: the second run finds none of them queued
    queued.write({"state": "done"})

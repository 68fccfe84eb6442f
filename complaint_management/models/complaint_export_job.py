"""A queued XLSX export of complaints: what a user asked for, built in the background by a
cron as that user, with the file attached for them and them only."""

import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH = 20
# days a built (or failed) export is kept before the autovacuum removes it with its file
KEEP_DAYS = 30


class ComplaintExportJob(models.Model):
    _name = "complaint.export.job"
    _description = "Queued Complaint Export"
    _order = "id desc"
    _rec_name = "file_name"

    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Units", readonly=True)
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories", readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    file_name = fields.Char(readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def _prepare_wizard_values(self):
        self.ensure_one()
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "team_ids": [fields.Command.set(self.team_ids.ids)],
            "category_ids": [fields.Command.set(self.category_ids.ids)],
        }

    @api.model
    def _cron_run(self):
        """Build the queued workbooks, each as the user who asked (their record rules,
        language and time zone), attach it to the job and tell them. One commit per export: a
        failure leaves the others done and is reported to its user; a job another worker
        holds is skipped."""
        # sudo: the cron reads every user's queued job; each is then built as its own user
        Job = self.sudo()
        while True:
            jobs = Job.search([("state", "=", "queued")], order="id", limit=BATCH)
            jobs = jobs.try_lock_for_update()
            if not jobs:
                return
            remaining = Job.search_count([("state", "=", "queued")])
            for job in jobs:
                job._run()
                remaining -= 1
                # commits this export; a run out of time leaves the rest for the next run
                if not self.env["ir.cron"]._commit_progress(1, remaining=remaining):
                    return

    def _run(self):
        self.ensure_one()
        user = self.user_id
        wizard_env = (
            self.env["complaint.export.wizard"]
            .with_user(user)
            .with_context(lang=user.lang, tz=user.tz)
        )
        try:
            with self.env.cr.savepoint():
                wizard = wizard_env.create(self._prepare_wizard_values())
                data, name = wizard._build_workbook()
                # sudo: the system attaches the file to the job; the job's rules decide who
                # reads it (its requester)
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .create(
                        {
                            "name": name,
                            "raw": data,
                            "mimetype": XLSX_MIMETYPE,
                            "res_model": self._name,
                            "res_id": self.id,
                        }
                    )
                )
                self.write(
                    {
                        "state": "done",
                        "attachment_id": attachment.id,
                        "file_name": name,
                        "date_done": fields.Datetime.now(),
                    }
                )
                wizard._notify_export(
                    wizard.env._("Your complaint export %(name)s is ready.", name=name),
                    f"/web/content/{attachment.id}?download=true",
                )
        except Exception:
            _logger.exception("Complaint export %s failed", self.id)
            self.write({"state": "failed", "date_done": fields.Datetime.now()})
            wizard_env.browse()._notify_export(
                wizard_env.env._(
                    "Your complaint export of %(date_from)s to %(date_to)s failed; please try "
                    "a shorter period or ask your administrator.",
                    date_from=self.date_from,
                    date_to=self.date_to,
                )
            )

    @api.autovacuum
    def _gc_finished_jobs(self):
        """Autovacuum: remove exports built or failed more than KEEP_DAYS ago, with their
        files; queued ones wait for the cron however long the queue is."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=KEEP_DAYS)
        jobs = self.search([("state", "!=", "queued"), ("date_done", "<", limit)])
        jobs.attachment_id.unlink()
        jobs.unlink()

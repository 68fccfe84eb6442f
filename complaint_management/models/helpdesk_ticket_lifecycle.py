"""The complaint procedure: writes (protected fields, identity, unit changes), stage moves that
run the step they stand for, acceptance, closure, escalation, re-routing, reopening and the
wizards that open each step.
"""
# the procedure's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.notification import notification_action
from .helpdesk_ticket import (
    CLASSIFY_FIELDS,
    OFFICER,
    PROCEDURE,
    PROTECTED_FIELDS,
    ROUTING_FACTS,
    is_procedure,
)
from .helpdesk_ticket_identity import IDENTITY_VALS


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------------------------------
    # Write, stage transitions
    # ------------------------------------------------------------------------------------------

    def write(self, vals):
        complaints = self.filtered("is_complaint")
        if not complaints:
            return super().write(vals)
        if "is_complaint" in vals and not vals["is_complaint"]:
            raise UserError(self.env._("A complaint cannot be turned back into a plain ticket."))
        others = self - complaints
        if others:
            # complaints and plain tickets follow different rules: one write each
            others.write(dict(vals))
            return complaints.write(vals)
        vals = dict(vals)
        reroute = self.browse()
        procedure = is_procedure(self.env)
        identity = {IDENTITY_VALS[key]: vals.pop(key) for key in list(vals) if key in IDENTITY_VALS}
        if not procedure:
            self._check_protected_write(vals, identity)
            if "stage_id" in vals:
                # a stage write (status bar, kanban, RPC) runs the step it stands for
                stage = self.env["helpdesk.ticket.stage"].browse(vals.pop("stage_id"))
                result = self.write(vals) if vals else True
                self._complaint_move_to_stage(stage)
                if identity:
                    self._write_identity(identity)
                return result
            if "team_id" in vals:
                self._log_unit_change(vals["team_id"])
                # a unit chosen by a person is not re-routed on acceptance
                vals["complaint_routed_by_default"] = False
            elif ROUTING_FACTS & vals.keys():
                # the facts of a complaint not yet accepted are corrected: route it again
                reroute = self.filtered(lambda t: t.complaint_phase == "new")
        if identity:
            self._write_identity(identity)
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {t.id: t.stage_id for t in self}
        result = super().write(vals)
        if CLASSIFY_FIELDS & vals.keys() and "priority" not in vals:
            self.filtered("is_complaint")._apply_priority()
        if old_stages:
            changed = self.filtered(lambda t: t.id in old_stages and old_stages[t.id] != t.stage_id)
            if changed:
                changed._on_complaint_stage_changed(old_stages)
        if reroute:
            reroute._reroute()
        return result

    def _check_protected_write(self, vals, identity):
        """Handlers work a complaint's content; its number, dates, owner, flags, unit and
        identity are changed by officers (tracked in the chatter) or by the procedure."""
        if self.env.user.has_group(OFFICER):
            return
        if (
            "complaint_severity" in vals
            and (CLASSIFY_FIELDS - {"complaint_severity"}) & vals.keys()
        ):
            # the form sends the severity its onchange recomputed: the compute decides it
            vals.pop("complaint_severity")
        protected = sorted(PROTECTED_FIELDS & vals.keys())
        if identity:
            protected.append("complainant_id")
        if protected:
            labels = ", ".join(
                self._fields[fname].get_description(self.env)["string"] for fname in protected
            )
            raise AccessError(
                self.env._(
                    "Only complaint officers can change %(fields)s of a complaint; the unit "
                    "changes through Reassign or Escalate.",
                    fields=labels,
                )
            )

    def _log_unit_change(self, team_id):
        """An officer who sets the unit on the form is logged like a reassignment."""
        team = self.env["helpdesk.ticket.team"].browse(team_id)
        # sudo: the routing log is written by the system only
        self.env["complaint.assignment"].sudo().create(
            [
                {
                    "ticket_id": ticket.id,
                    "kind": "reassign",
                    "from_team_id": ticket.team_id.id,
                    "to_team_id": team.id,
                    "reason": self.env._("Unit changed on the form"),
                }
                for ticket in self
                if ticket.team_id != team
            ]
        )

    def _complaint_move_to_stage(self, stage):
        """A stage chosen on the status bar, the kanban or over RPC: the procedure step it
        stands for, with that step's checks; any other move is refused."""
        if not stage.is_complaint_stage:
            raise UserError(
                self.env._(
                    "Complaints only move through complaint stages; %(stage)s is a helpdesk stage.",
                    stage=stage.display_name,
                )
            )
        same = self.filtered(lambda t: t.complaint_phase == stage.complaint_phase)
        if same:
            same.with_context(complaint_procedure=PROCEDURE).write({"stage_id": stage.id})
        for ticket in self - same:
            step = (ticket.complaint_phase, stage.complaint_phase)
            if step == ("new", "dispatched"):
                ticket.action_accept()
            elif step in (("dispatched", "in_progress"), ("waiting", "in_progress")):
                ticket.action_start()
            elif step == ("in_progress", "waiting"):
                ticket.with_context(complaint_procedure=PROCEDURE).write({"stage_id": stage.id})
            elif stage.complaint_phase == "closed" and ticket.complaint_phase in (
                "in_progress",
                "replied",
            ):
                ticket.action_close()
            else:
                raise UserError(
                    self.env._(
                        "%(number)s cannot move from %(old)s to %(new)s by changing its stage: "
                        "use the buttons of the complaint (Accept, Refuse, Transfer, Reply, "
                        "Close, Reopen).",
                        number=ticket.number,
                        old=ticket.stage_id.display_name or "-",
                        new=stage.display_name,
                    )
                )

    def _get_thread_with_access(self, thread_id, **kwargs):
        # the tracking page is the complainant's only way in without an account: mail's token,
        # hash and pid routes (/mail/data, /mail/message/post, /mail/attachment/upload) would
        # hand out the conversation's files and followers and post as the complainant
        # sudo: only whether the thread is a complaint is read
        if self.browse(thread_id).sudo().exists().is_complaint:
            for key in ("hash", "pid", "token"):
                kwargs.pop(key, None)
        return super()._get_thread_with_access(thread_id, **kwargs)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint(self):
        if any(self.mapped("is_complaint")) and not self.env.is_superuser():
            raise UserError(
                self.env._(
                    "Complaints are never deleted: archive them instead (Actions > Archive)."
                )
            )

    def _set_complaint_phase(self, phase, extra_vals=None):
        stage = self._get_complaint_stages().get(phase)
        if not stage:
            raise UserError(
                self.env._("No complaint stage is configured for the phase %(phase)s.", phase=phase)
            )
        self.with_context(complaint_procedure=PROCEDURE).write(
            dict(extra_vals or {}, stage_id=stage.id)
        )

    def _check_is_complaint(self):
        if not all(self.mapped("is_complaint")):
            raise UserError(self.env._("This action only applies to complaints."))

    def _get_form_action(self):
        view = self.env.ref("complaint_management.helpdesk_ticket_view_form_complaint")
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(view.id if self.is_complaint else False, "form")],
            "context": {"default_is_complaint": self.is_complaint},
        }

    def action_accept(self):
        """Accept (立案) and dispatch to the lead unit."""
        self._check_is_complaint()
        if not (self.env.su or self.env.user.has_group(OFFICER)):
            raise AccessError(self.env._("Only complaint officers accept complaints."))
        for ticket in self:
            if ticket.complaint_phase != "new":
                raise UserError(
                    self.env._("Complaint %(number)s was already assessed.", number=ticket.number)
                )
            if ticket.complaint_routed_by_default or not ticket.team_id:
                # registered before its facts were known (a web complaint): route it now
                ticket._reroute()
            if not ticket.team_id:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s has no lead unit: choose one before accepting.",
                        number=ticket.number,
                    )
                )
        now = fields.Datetime.now()
        self._set_complaint_phase(
            "dispatched", {"complaint_accepted_date": now, "complaint_dispatched_date": now}
        )

    def action_start(self):
        self._check_is_complaint()
        self._set_complaint_phase("in_progress")

    def _check_closure_requirements(self):
        # a dict, not tuples: Odoo's term extractor takes a tuple's first string for a term
        required = {
            "complaint_result_summary": self.env._("Result"),
            "complaint_verdict": self.env._("Verdict"),
            "complaint_cause": self.env._("Cause"),
            "complaint_responsible_team_id": self.env._("Responsible unit"),
            "complaint_responsibility_category_id": self.env._("Responsibility category"),
            "complaint_corrective_action": self.env._("Corrective and preventive action"),
            "complaint_reply_method": self.env._("Reply method"),
            "complaint_reply_date": self.env._("Reply date"),
        }
        problems = []
        for ticket in self:
            missing = [label for fname, label in required.items() if not ticket[fname]]
            if missing:
                problems.append(
                    self.env._(
                        "%(number)s: %(fields)s", number=ticket.number, fields=", ".join(missing)
                    )
                )
        if problems:
            raise UserError(
                self.env._("Fill in before closing:\n%(problems)s", problems="\n".join(problems))
            )

    def action_close(self):
        """Close (结案): every field of SPEC §8 must be filled."""
        self._check_is_complaint()
        self._check_closure_requirements()
        self._set_complaint_phase("closed")
        self._on_complaint_closed()

    def action_escalate_unit(self):
        """Escalate to the parent unit in one click (branch → region → headquarters)."""
        self._check_is_complaint()
        for ticket in self:
            parent = ticket.team_id.parent_id
            if not parent:
                raise UserError(
                    self.env._(
                        "Unit %(unit)s has no parent unit to escalate to.",
                        unit=ticket.team_id.display_name or "-",
                    )
                )
            ticket._assign_team(parent, self.env._("Escalated to the parent unit"), "escalation")

    def _assign_team(self, team, reason, kind, user=None):
        self.ensure_one()
        # sudo: the assignment trail is read-only for every group; only the procedure writes it
        self.env["complaint.assignment"].sudo().create(
            {
                "ticket_id": self.id,
                "kind": kind,
                "from_team_id": self.team_id.id,
                "to_team_id": team.id,
                "reason": reason,
            }
        )
        vals = {"team_id": team.id, "complaint_routed_by_default": False}
        if user is not None:
            vals["user_id"] = user.id
        self.with_context(complaint_procedure=PROCEDURE).write(vals)

    def action_anonymise(self):
        """Erase the complainant's personal data of closed complaints (on request)."""
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise UserError(self.env._("Only a complaint manager can anonymise complaints."))
        self._check_is_complaint()
        if self.filtered(lambda t: not t.closed):
            raise UserError(self.env._("Only closed complaints can be anonymised."))
        # sudo: the manager erases the identity, whichever records hold it
        self.sudo().complainant_id.write(
            {
                "partner_id": False,
                "name": self.env._("Anonymised"),
                "email": False,
                "phone": False,
                "address": False,
            }
        )
        # sudo: the procedure's own write (no protected-field checks), after the manager check
        self.sudo().write({"complaint_anonymised": True})
        for ticket in self:
            ticket.message_post(
                body=self.env._("The complainant's personal data was anonymised."),
                subtype_xmlid="mail.mt_note",
            )

    def _reroute(self):
        """Run the routing rules again on the complaints' current facts (after a correction of
        category, region or place) and reassign those whose unit changes, logged like a
        reassignment. Returns the complaints that moved."""
        moved = self.browse()
        # sudo: the facts include the complainant's tier, and the routing log is the system's
        for ticket in self.sudo():
            vals = {
                key: ticket[key].id if ticket._fields[key].type == "many2one" else ticket[key]
                for key in (
                    "category_id",
                    "complaint_region_id",
                    "channel_id",
                    "name",
                    "complaint_event_location",
                    "complaint_accused_party",
                    "complaint_product_service",
                    "complainant_id",
                )
            }
            vals["description"] = ticket.description or ""
            self._route_vals([vals])
            team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
            if not team or team == ticket.team_id:
                continue
            user = self.env["res.users"].browse(vals["user_id"]) if vals.get("user_id") else None
            ticket.with_env(self.env)._assign_team(
                team, self.env._("Re-routed after a correction"), "reassign", user=user
            )
            ticket.with_context(complaint_procedure=PROCEDURE).write(
                {
                    "complaint_routing_rule_id": vals.get("complaint_routing_rule_id", False),
                    "complaint_routed_by_default": vals.get("complaint_routed_by_default", False),
                }
            )
            moved |= ticket
        return moved.with_env(self.env)

    def action_reroute(self):
        self._check_is_complaint()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only complaint officers re-route complaints."))
        moved = self._reroute()
        return notification_action(
            self.env._(
                "%(count)s of %(total)s complaints moved to another unit.",
                count=len(moved),
                total=len(self),
            )
        )

    def action_send_tracking_link(self):
        """Send (again) the acknowledgement with the tracking number, code and link, e.g. to a
        complainant who called and gave an e-mail address afterwards."""
        self._check_is_complaint()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only complaint officers send tracking links."))
        template = self.env.ref("complaint_management.mail_template_complaint_acknowledgement")
        sent = self._complaint_mail_complainant(template)
        if self - sent:
            raise UserError(
                self.env._(
                    "%(numbers)s: no e-mail address; read the tracking number and code to the "
                    "complainant from the form.",
                    numbers=", ".join((self - sent).mapped("number")),
                )
            )
        return True

    def action_confirm_transfer_receipt(self):
        self._check_is_complaint()
        self.filtered(
            lambda t: t.complaint_transfer_date and not t.complaint_transfer_confirmed_date
        ).write({"complaint_transfer_confirmed_date": fields.Datetime.now()})

    @api.model
    def _cron_flag_long_unresolved(self, limit=1000):
        """Complaints still open after the configured number of days become major."""
        days = self._get_complaint_param("major_unresolved_days", 30)
        # sudo: the cron's user need not see every unit's complaints; the flag is the procedure's
        tickets = self.sudo().search(
            [
                ("is_complaint", "=", True),
                ("closed", "=", False),
                ("complaint_long_unresolved", "=", False),
                ("complaint_received_date", "<", fields.Datetime.now() - timedelta(days=days)),
            ],
            limit=limit,
        )
        tickets.write({"complaint_long_unresolved": True})
        return len(tickets)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        stages = super()._read_group_stage_ids(stages, domain)
        is_complaint = bool(self.env.context.get("default_is_complaint"))
        return stages.filtered(lambda s: s.is_complaint_stage == is_complaint)

    @api.depends("team_id")
    def _compute_stage_id(self):
        # complaint stages do not depend on the unit: complaints keep their current stage
        complaints = self.filtered("is_complaint")
        return super(HelpdeskTicket, self - complaints)._compute_stage_id()

    def _reopen_complaint(self, reason):
        """Reopen closed or replied complaints to the lead unit; the hook lets complaint_sla
        restart the resolution clock and complaint_survey plan a new callback."""
        self._check_is_complaint()
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason for reopening."))
        if self.filtered(lambda t: t.complaint_phase not in ("closed", "replied")):
            raise UserError(self.env._("Only replied or closed complaints can be reopened."))
        for ticket in self:
            ticket._set_complaint_phase(
                "in_progress", {"complaint_reopen_count": ticket.complaint_reopen_count + 1}
            )
            ticket.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        self._on_complaint_reopened(reason)

    @api.model
    def _get_coordinator(self):
        user_id = self._get_complaint_param("coordinator_id", 0)
        coordinator = self.env["res.users"].browse(user_id).exists() if user_id else False
        if not coordinator:
            group = self.env.ref("complaint_management.group_complaint_manager")
            coordinator = group.user_ids.filtered(lambda u: u.active and not u.share)[:1]
        return coordinator or self.env.user

    def _open_wizard(self, model, name, extra_context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": dict(extra_context or {}),
        }

    def action_open_refuse(self):
        self._check_is_complaint()
        return self._open_wizard(
            "complaint.refuse.wizard",
            self.env._("Refuse complaint"),
            {"default_ticket_ids": self.ids},
        )

    def action_open_transfer(self):
        self._check_is_complaint()
        return self._open_wizard(
            "complaint.transfer.wizard",
            self.env._("Transfer complaint"),
            {"default_ticket_ids": self.ids},
        )

    def action_open_reassign(self):
        self.ensure_one()
        return self._open_wizard(
            "complaint.reassign.wizard",
            self.env._("Reassign complaint"),
            {"default_ticket_id": self.id},
        )

    def action_open_reply(self):
        self.ensure_one()
        return self._open_wizard(
            "complaint.reply.wizard",
            self.env._("Reply to the complainant"),
            {"default_ticket_id": self.id},
        )

    def action_open_reopen(self):
        self.ensure_one()
        return self._open_wizard(
            "complaint.reopen.wizard",
            self.env._("Reopen complaint"),
            {"default_ticket_id": self.id},
        )

"""Deadlines on complaints: clocks started, paused, stopped and recomputed from the complaint
procedure's hooks."""

from odoo import api, fields, models

# Phases whose clocks start at registration; the others start at a later transition.
REGISTRATION_PHASES = ("dispatch", "first_answer", "resolution")
DONE_PHASES = ("closed", "refused", "transferred")
# timed after closure (the callback): closing the complaint does not stop them
AFTER_CLOSURE_PHASES = ("callback", "unreachable")
# written by the deadline machinery only (as superuser): the approved extensions it counts
# against the maximum, the deadline state the lists, digests and statistics show
SYSTEM_FIELDS = frozenset({"complaint_extension_count", "complaint_sla_state"})


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_clock_ids = fields.One2many("complaint.clock", "ticket_id", string="Deadlines")
    complaint_sla_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_complaint_sla_deadline",
        store=True,
        index=True,
        help="Resolution deadline committed to the complainant.",
    )
    complaint_sla_state = fields.Selection(
        [("ok", "On time"), ("warning", "Warning"), ("overdue", "Overdue"), ("done", "Done")],
        string="Deadline status",
        default="ok",
        index=True,
        copy=False,
    )
    complaint_sla_deadline_provisional = fields.Boolean(
        string="Deadline provisional",
        compute="_compute_complaint_sla_deadline_provisional",
        store=True,
        help="A deadline reaches a year whose public holidays are not entered yet: it is "
        "recomputed when they are.",
    )
    complaint_sla_provisional_note = fields.Char(
        string="Provisional because", compute="_compute_complaint_sla_provisional_note"
    )
    complaint_extension_count = fields.Integer(string="Extension Count", readonly=True, copy=False)
    complaint_extension_ids = fields.One2many(
        "complaint.extension", "ticket_id", string="Extensions"
    )
    complaint_supervision_ids = fields.One2many(
        "complaint.supervision", "ticket_id", string="Supervision"
    )
    complaint_flag_ids = fields.One2many("complaint.flag", "ticket_id", string="Flags")
    complaint_supervision_count = fields.Integer(
        string="Supervision Count", compute="_compute_complaint_supervision_count"
    )

    def _has_field_access(self, field, operation):
        if operation == "write" and field.name in SYSTEM_FIELDS and not self.env.su:
            return False
        return super()._has_field_access(field, operation)

    @api.depends(
        "complaint_clock_ids.deadline",
        "complaint_clock_ids.phase",
        "complaint_clock_ids.stopped_at",
    )
    def _compute_complaint_sla_deadline(self):
        for ticket in self:
            clocks = ticket.complaint_clock_ids.filtered(lambda c: c.phase == "resolution")
            ticket.complaint_sla_deadline = clocks.sorted("id")[-1:].deadline if clocks else False

    @api.depends("complaint_clock_ids.deadline_provisional")
    def _compute_complaint_sla_deadline_provisional(self):
        for ticket in self:
            ticket.complaint_sla_deadline_provisional = any(
                ticket.complaint_clock_ids.mapped("deadline_provisional")
            )

    @api.depends(
        "complaint_clock_ids.deadline_provisional", "complaint_clock_ids.provisional_years"
    )
    def _compute_complaint_sla_provisional_note(self):
        for ticket in self:
            years = sorted(
                {
                    year
                    for clock in ticket.complaint_clock_ids.filtered("deadline_provisional")
                    for year in clock.provisional_years.split(", ")
                }
            )
            ticket.complaint_sla_provisional_note = (
                self.env._(
                    "Deadline provisional: %(years)s holidays not entered", years=", ".join(years)
                )
                if years
                else False
            )

    def _compute_complaint_supervision_count(self):
        counts = dict(
            self.env["complaint.supervision"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.complaint_supervision_count = counts.get(ticket, 0)

    def _get_resolution_clock(self):
        self.ensure_one()
        return self.complaint_clock_ids.filtered(
            lambda c: c.phase == "resolution" and not c.stopped_at and c.state != "met"
        ).sorted("id")[-1:]

    # --- hooks of complaint_management ---------------------------------------------------------

    def _on_complaint_registered(self):
        result = super()._on_complaint_registered()
        # sudo: clocks are the system's; whoever registers may not write them
        self.env["complaint.clock"].sudo()._start_registration_clocks(self.sudo())
        return result

    def _on_complaint_stage_changed(self, old_stages):
        result = super()._on_complaint_stage_changed(old_stages)
        now = fields.Datetime.now()
        for ticket in self:
            # sudo: clocks and the deadline state are the system's, whoever moves the stage
            clocks = ticket.sudo().complaint_clock_ids
            old = old_stages.get(ticket.id)
            if ticket.complaint_phase in DONE_PHASES:
                # the callback's clocks run after closure
                clocks.filtered(lambda c: c.phase not in AFTER_CLOSURE_PHASES)._stop(now)
                ticket.sudo().complaint_sla_state = "done"  # sudo: see above
                continue
            if ticket.complaint_phase != "new":
                clocks.filtered(lambda c: c.phase == "dispatch")._stop(now)
            if ticket.stage_id.complaint_stops_clock and not (old and old.complaint_stops_clock):
                clocks._pause(now)
            elif old and old.complaint_stops_clock and not ticket.stage_id.complaint_stops_clock:
                clocks._resume(now)
        return result

    def _on_complaint_reopened(self, reason):
        result = super()._on_complaint_reopened(reason)
        # sudo: clocks and the deadline state are the system's, whoever reopens
        self.sudo().write({"complaint_sla_state": "ok"})
        self.env["complaint.clock"].sudo()._start_clocks(  # sudo: see above
            self, ("resolution",), start=fields.Datetime.now()
        )
        return result

    def _complaint_set_flag(self, reason):
        """A complaint flagged without a flag record (e.g. dissatisfied again) gets one, so
        that it is followed and unflagged like those a manager flags."""
        flagged = super()._complaint_set_flag(reason)
        unrecorded = self.filtered(
            lambda t: t.team_id and all(f.state == "removed" for f in t.complaint_flag_ids)
        )
        if unrecorded:
            today = fields.Date.context_today(self)
            self.env["complaint.flag"].create(
                [
                    {
                        "ticket_id": ticket.id,
                        "target": reason[:200],
                        "requirements": reason,
                        "deadline": max(
                            fields.Date.to_date(ticket.complaint_sla_deadline or today), today
                        ),
                        "responsible_team_id": ticket.team_id.id,
                        "supervising_team_id": (ticket.team_id.parent_id or ticket.team_id).id,
                    }
                    for ticket in unrecorded
                ]
            )
        return flagged

    def _complaint_clear_flag(self, reason):
        """Removing a complaint's flag closes its open flag records with the reason."""
        self.complaint_flag_ids._close(reason)
        return super()._complaint_clear_flag(reason)

    def write(self, vals):
        recompute = {
            "category_id",
            "complaint_severity",
            "complaint_scope_tier",
            "complaint_customer_tier",
        } & vals.keys()
        result = super().write(vals)
        if recompute and not self.env.context.get("complaint_sla_no_recompute"):
            self.filtered("is_complaint")._recompute_running_clocks()
        return result

    def _recompute_running_clocks(self):
        """After a reclassification, running clocks follow the rule that now applies; the old
        deadline is kept in the chatter."""
        # sudo: clocks are the system's; whoever reclassifies may not write them
        Clock = self.env["complaint.clock"].sudo()
        for ticket in self:
            # sudo: see above
            running = ticket.sudo().complaint_clock_ids.filtered(lambda c: c.state == "running")
            if not running:
                continue
            matches = self.env["complaint.sla.rule"]._match_rules(
                ticket, set(running.mapped("phase"))
            )
            schedules = {}
            for clock in running:
                rule = matches.get((ticket.id, clock.phase))
                if not rule or rule == clock.rule_id:
                    continue
                vals = Clock._prepare_clock_values(
                    ticket, rule, clock.start, schedules, clock.paused_working_seconds
                )
                old_deadline = clock.deadline
                clock.write(
                    {
                        k: vals[k]
                        for k in (
                            "rule_id",
                            "calendar_id",
                            "duration_unit",
                            "warning_ratio",
                            "deadline",
                            "warn_at",
                        )
                    }
                )
                clock.next_check_at = clock._get_next_check(
                    self.env["complaint.escalation.level"]._get_ladder()
                )
                ticket.message_post(
                    body=self.env._(
                        "%(phase)s deadline recomputed after reclassification: %(old)s → %(new)s",
                        phase=clock._phase_label(),
                        old=fields.Datetime.to_string(old_deadline),
                        new=fields.Datetime.to_string(clock.deadline),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def action_open_extension(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an extension"),
            "res_model": "complaint.extension",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_open_flag(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Flag for supervision"),
            "res_model": "complaint.flag",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_responsible_team_id": self.team_id.id,
            },
        }

    def action_view_supervision(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supervision"),
            "res_model": "complaint.supervision",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
        }

"""Complaints are helpdesk tickets flagged as complaints.

Every way in (back-office form, import, e-mail gateway, web form) goes through create(), which runs
the registration pipeline on the whole batch: classify, route, number, link repeats and collective
complaints, acknowledge. Transitions call small ``_on_complaint_*`` hooks that complaint_sla and
complaint_survey extend. The model's other concerns have their own files:
helpdesk_ticket_identity.py (the complainant), helpdesk_ticket_routing.py, _collective.py,
_lifecycle.py (the procedure), _mail.py, _platform.py.
"""

import logging
from collections import defaultdict
from datetime import datetime

import pytz
from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

OFFICER = "complaint_management.group_complaint_officer"
MANAGER = "complaint_management.group_complaint_manager"
# Fields only the procedure (its buttons and wizards) or officers change; handlers never.
PROTECTED_FIELDS = frozenset(
    {
        "number",
        "complaint_received_date",
        "complaint_first_contact_user_id",
        "complaint_reopen_count",
        "complaint_anonymised",
        "complaint_is_confidential",
        "complaint_is_anonymous",
        "is_complaint",
        "team_id",
        "active",
        "complaint_severity",
        "complaint_accepted_date",
        "complaint_dispatched_date",
        "closed_date",
        "company_id",
        "complaint_is_flagged",
        # written by the system (acknowledgement, long-unresolved check, routing, repeat and
        # collective detection) or by officers' wizards (refusal, transfer)
        "complaint_acknowledgement_state",
        "complaint_long_unresolved",
        "complaint_routing_rule_id",
        "complaint_routed_by_default",
        "complaint_reassign_count",
        "complaint_refusal_reason_id",
        "complaint_refusal_note",
        "complaint_transfer_body",
        "complaint_transfer_contact",
        "complaint_transfer_method",
        "complaint_transfer_date",
        "complaint_transfer_confirmed_date",
        "complaint_is_repeat",
        "complaint_repeat_of_id",
        "complaint_is_collective",
        "complaint_collective_parent_id",
        "complaint_collective_candidate",
    }
)


class _ProcedureMark:
    """The context value of the procedure's own writes (``complaint_procedure``), which skip
    the checks above. A client sets any context key over RPC (call_kw, JSON-2), but JSON and
    XML-RPC carry plain values only, never this object: ``True`` there is refused."""

    __slots__ = ()

    def __repr__(self):
        return "<complaint procedure>"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


PROCEDURE = _ProcedureMark()


def is_procedure(env):
    """Whether ``env`` writes as the procedure: superuser, or the procedure's own context."""
    return env.su or env.context.get("complaint_procedure") is PROCEDURE


SEVERITIES = [("minor", "Minor"), ("important", "Important"), ("major", "Major")]
SEVERITY_RANK = {"minor": 0, "important": 1, "major": 2}
SCOPE_TIERS = [("local", "Local"), ("regional", "Regional"), ("national", "National")]
CUSTOMER_TIERS = [("ordinary", "Ordinary"), ("vip", "VIP")]
RELATIONS = [
    ("self", "The complainant is affected"),
    ("relative", "Relative of the affected person"),
    ("representative", "Representative or lawyer"),
    ("witness", "Witness"),
    ("other", "Other"),
]
REPLY_METHODS = [
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("visit", "Visit"),
    ("portal", "Portal"),
]
VERDICTS = [
    ("responsible", "Responsible (our fault)"),
    ("not_responsible", "Not responsible"),
    ("assisted", "Assisted (third party caused it)"),
]

# Facts a correction of which re-runs routing before acceptance.
ROUTING_FACTS = {"category_id", "complaint_region_id", "complaint_event_location"}

# Fields whose change re-runs classification (severity, priority).
CLASSIFY_FIELDS = {
    "category_id",
    "complaint_promise_broken",
    "complaint_serious_loss",
    "complaint_authority_involved",
    "complaint_is_collective",
    "complaint_collective_parent_id",
    "complaint_is_repeat",
    "complaint_long_unresolved",
    "complaint_customer_tier",
    "complaint_scope_tier",
    "complaint_severity",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # the collective check's probes: category, place (or region) and the window
    _collective_place_idx = models.Index(
        "(category_id, complaint_event_location, complaint_received_date) WHERE is_complaint"
    )
    _collective_region_idx = models.Index(
        "(category_id, complaint_region_id, complaint_received_date) WHERE is_complaint"
    )

    is_complaint = fields.Boolean(
        string="Complaint",
        index=True,
        copy=True,
        help="Tickets flagged as complaints follow the complaint procedure.",
    )
    complaint_phase = fields.Selection(related="stage_id.complaint_phase", store=True, index=True)
    stage_id = fields.Many2one(
        domain="[('is_complaint_stage', '=', is_complaint), "
        "'|', ('team_ids', '=', team_id), ('team_ids', '=', False)]"
    )

    complaint_anonymised = fields.Boolean(
        string="Anonymised", readonly=True, copy=False, tracking=True
    )
    complaint_submit_ip_hash = fields.Char(
        string="Submit Ip Hash",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Technical: salted hash of the address a web complaint came from (rate limit).",
    )
    complaint_submit_stamp = fields.Char(
        string="Submit Stamp",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Technical: the single-use stamp of the web form that filed this complaint.",
    )
    complaint_acknowledgement_state = fields.Selection(
        [("pending", "To send"), ("sent", "Sent")],
        string="Acknowledgement State",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The acknowledgement e-mail is rendered and queued by a scheduled action right "
        "after registration, so that registering stays fast.",
    )

    # --- registration -------------------------------------------------------------------------
    complaint_first_contact_user_id = fields.Many2one(
        "res.users",
        string="First-contact owner",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Who registered the complaint; stays responsible towards the complainant "
        "until closure (首问负责制).",
    )
    complaint_received_date = fields.Datetime(
        string="Received", default=fields.Datetime.now, copy=False, index=True, tracking=True
    )
    complaint_event_date = fields.Datetime(string="Time of the event")
    complaint_event_location = fields.Char(string="Place of the event")
    complaint_region_id = fields.Many2one("complaint.region", string="Region", index=True)
    complaint_accused_party = fields.Char(string="Accused unit or person")
    complainant_request = fields.Text(string="Request")
    complaint_product_service = fields.Char(string="Product or service")
    complaint_is_emergency = fields.Boolean(
        string="Emergency",
        help="Danger to health or safety, or evidence about to disappear: accepted and "
        "dispatched immediately.",
    )

    # --- classification -----------------------------------------------------------------------
    complaint_severity = fields.Selection(
        SEVERITIES,
        string="Severity",
        compute="_compute_complaint_severity",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    # not stored: shown in the reader's language
    complaint_major_reason = fields.Char(
        string="Why major", compute="_compute_complaint_major_reason"
    )
    complaint_promise_broken = fields.Boolean(
        string="Promise broken", help="A promised or contracted service was not delivered."
    )
    complaint_serious_loss = fields.Boolean(
        string="Serious loss or injury", help="Serious financial loss or personal injury."
    )
    complaint_authority_involved = fields.Boolean(
        string="Government or media involved",
        compute="_compute_complaint_authority_involved",
        store=True,
        readonly=False,
    )
    complaint_long_unresolved = fields.Boolean(string="Long Unresolved", readonly=True, copy=False)
    complaint_is_flagged = fields.Boolean(
        string="Flagged",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Under flagged supervision (挂牌督办): always called back, followed by a manager.",
    )
    complaint_scope_tier = fields.Selection(
        SCOPE_TIERS, string="Scope", default="local", tracking=True
    )
    complaint_customer_tier = fields.Selection(
        CUSTOMER_TIERS,
        string="Customer tier",
        compute="_compute_complaint_customer_tier",
        store=True,
        readonly=False,
    )
    complaint_onsite_required = fields.Boolean(
        string="On-site visit",
        compute="_compute_complaint_onsite_required",
        store=True,
        readonly=False,
    )

    # --- responsibility -----------------------------------------------------------------------
    team_id = fields.Many2one(tracking=True)
    complaint_routing_rule_id = fields.Many2one(
        "complaint.routing.rule", string="Routing Rule", readonly=True, copy=False
    )
    complaint_routed_by_default = fields.Boolean(
        string="Routed By Default", readonly=True, copy=False
    )
    complaint_assignment_ids = fields.One2many(
        "complaint.assignment", "ticket_id", string="Routing log"
    )
    complaint_reassign_count = fields.Integer(
        string="Reassignments", compute="_compute_complaint_reassign_count", store=True
    )
    complaint_assist_task_ids = fields.One2many(
        "complaint.assist.task", "ticket_id", string="Assistance"
    )
    complaint_assist_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        compute="_compute_complaint_assist_team_ids",
        store=True,
        string="Assisting units",
    )
    complaint_in_my_units = fields.Boolean(
        compute="_compute_complaint_in_my_units",
        search="_search_complaint_in_my_units",
        string="In my units",
    )
    complaint_accepted_date = fields.Datetime(string="Accepted Date", readonly=True, copy=False)
    complaint_dispatched_date = fields.Datetime(string="Dispatched Date", readonly=True, copy=False)

    # --- refusal and transfer -----------------------------------------------------------------
    complaint_refusal_reason_id = fields.Many2one(
        "complaint.refusal.reason",
        string="Refusal Reason",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    complaint_refusal_note = fields.Text(string="Refusal Note", readonly=True, copy=False)
    complaint_transfer_body = fields.Char(string="Transferred to", readonly=True, copy=False)
    complaint_transfer_contact = fields.Char(string="Transfer Contact", readonly=True, copy=False)
    complaint_transfer_method = fields.Selection(
        [
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("system", "Case system"),
            ("in_person", "In person"),
        ],
        string="Transfer Method",
        readonly=True,
        copy=False,
    )
    complaint_transfer_date = fields.Datetime(string="Transfer Date", readonly=True, copy=False)
    complaint_transfer_confirmed_date = fields.Datetime(
        string="Receipt confirmed", readonly=True, copy=False
    )

    # --- repeat and collective ----------------------------------------------------------------
    # derived from the identity, hence as confidential as it
    complainant_key = fields.Char(
        compute="_compute_complainant_key",
        store=True,
        index=True,
        groups=OFFICER,
        help="Technical: recognises the same complainant for repeat and collective complaints.",
    )
    complainant_partner_key = fields.Char(
        compute="_compute_complainant_key", store=True, index=True, groups=OFFICER
    )
    complainant_phone_key = fields.Char(
        compute="_compute_complainant_key", store=True, index=True, groups=OFFICER
    )
    complainant_email_key = fields.Char(
        compute="_compute_complainant_key", store=True, index=True, groups=OFFICER
    )
    complaint_is_repeat = fields.Boolean(string="Repeat", readonly=True, copy=False, index=True)
    complaint_repeat_of_id = fields.Many2one(
        "helpdesk.ticket", string="Repeat of", readonly=True, copy=False
    )
    complaint_is_collective = fields.Boolean(
        string="Collective", readonly=True, copy=False, index=True
    )
    complaint_collective_parent_id = fields.Many2one(
        "helpdesk.ticket", string="Collective complaint", index=True, copy=False, readonly=True
    )
    complaint_collective_child_ids = fields.One2many(
        "helpdesk.ticket", "complaint_collective_parent_id", string="Linked complaints"
    )
    complaint_collective_candidate = fields.Boolean(
        string="Collective Candidate",
        readonly=True,
        copy=False,
        help="Enough complainants about the same matter: an officer may link them as one "
        "collective complaint.",
    )

    # --- reply and closure --------------------------------------------------------------------
    complaint_reply_ids = fields.One2many("complaint.reply", "ticket_id", string="Replies")
    complaint_reply_method = fields.Selection(REPLY_METHODS, string="Reply Method", copy=False)
    complaint_reply_date = fields.Datetime(string="Reply Date", copy=False)
    complaint_result_summary = fields.Text(string="Result", copy=False)
    complaint_verdict = fields.Selection(VERDICTS, string="Verdict", copy=False, tracking=True)
    complaint_cause = fields.Text(string="Cause", copy=False)
    complaint_responsible_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Responsible unit", copy=False
    )
    complaint_responsibility_category_id = fields.Many2one(
        "complaint.responsibility.category",
        string="Responsibility Category",
        copy=False,
        ondelete="restrict",
    )
    complaint_corrective_action = fields.Text(string="Corrective and preventive action", copy=False)
    complaint_reopen_count = fields.Integer(
        string="Reopen Count", readonly=True, copy=False, tracking=True
    )

    _complaint_number_uniq = models.UniqueIndex(
        "(number) WHERE is_complaint", "Complaint tracking numbers must be unique."
    )
    _submit_stamp_uniq = models.UniqueIndex(
        "(complaint_submit_stamp) WHERE complaint_submit_stamp IS NOT NULL",
        "This form was already sent.",
    )

    # ------------------------------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------------------------------

    @api.depends("channel_id")
    def _compute_complaint_authority_involved(self):
        for ticket in self:
            if ticket.channel_id.complaint_implies_authority:
                ticket.complaint_authority_involved = True

    @api.depends("complainant_id.partner_id", "partner_id")
    def _compute_complaint_customer_tier(self):
        for ticket in self:
            # sudo: the partner is confidential, but its tier is not
            ticket_sudo = ticket.sudo()
            partner = (
                ticket_sudo.complainant_id.partner_id or ticket_sudo.partner_id
            ).commercial_partner_id
            ticket.complaint_customer_tier = partner.complaint_customer_tier or "ordinary"

    @api.depends("category_id")
    def _compute_complaint_onsite_required(self):
        for ticket in self:
            ticket.complaint_onsite_required = ticket.category_id.complaint_onsite_required

    @api.depends(
        "category_id",
        "complaint_promise_broken",
        "complaint_serious_loss",
        "complaint_authority_involved",
        "complaint_is_collective",
        "complaint_collective_parent_id",
        "complaint_long_unresolved",
    )
    def _compute_complaint_severity(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            if any(ticket._meets_criterion(fname) for fname, _label in criteria):
                ticket.complaint_severity = "major"
            else:
                if ticket.category_id.complaint_severity:
                    ticket.complaint_severity = ticket.category_id.complaint_severity
                elif not ticket.complaint_severity:
                    ticket.complaint_severity = "minor"

    @api.depends(
        "complaint_severity",
        "complaint_promise_broken",
        "complaint_serious_loss",
        "complaint_authority_involved",
        "complaint_is_collective",
        "complaint_collective_parent_id",
        "complaint_long_unresolved",
    )
    def _compute_complaint_major_reason(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            reasons = [label for fname, label in criteria if ticket._meets_criterion(fname)]
            ticket.complaint_major_reason = (
                "; ".join(reasons) if ticket.complaint_severity == "major" and reasons else False
            )

    @api.depends("number", "name")
    def _compute_display_name(self):
        # helpdesk_mgmt's f"{number} - {name}" read "/ - False" for a new ticket: join only
        # what the ticket has; empty for a new form, which the web client shows as "New"
        for ticket in self:
            number = ticket.number if ticket.number != "/" else False
            ticket.display_name = " - ".join(part for part in (number, ticket.name) if part)

    @api.depends("complaint_assignment_ids")
    def _compute_complaint_reassign_count(self):
        counts = dict(
            self.env["complaint.assignment"]._read_group(
                [("ticket_id", "in", self.ids), ("kind", "=", "reassign")],
                ["ticket_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.complaint_reassign_count = counts.get(ticket, 0)

    @api.depends("complaint_assist_task_ids.team_id", "complaint_assist_task_ids.state")
    def _compute_complaint_assist_team_ids(self):
        for ticket in self:
            ticket.complaint_assist_team_ids = ticket.complaint_assist_task_ids.filtered(
                lambda task: task.state != "cancelled"
            ).team_id

    @api.depends_context("uid")
    @api.depends("team_id", "complaint_assist_team_ids")
    def _compute_complaint_in_my_units(self):
        teams = self.env.user.helpdesk_team_ids
        for ticket in self:
            ticket.complaint_in_my_units = bool(
                (ticket.team_id | ticket.complaint_assist_team_ids) & teams
            )

    def _search_complaint_in_my_units(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on In my units."))
        teams = self.env.user.helpdesk_team_ids.ids
        domain = Domain.OR(
            [[("team_id", "in", teams)], [("complaint_assist_team_ids", "in", teams)]]
        )
        return domain if (operator == "=") == value else ~domain

    def _meets_criterion(self, fname):
        # the members of a collective complaint are collective complaints too
        if fname == "complaint_is_collective":
            return self.complaint_is_collective or bool(self.complaint_collective_parent_id)
        return self[fname]

    @api.model
    def _get_major_criteria(self):
        """[(field, label)] of the major criteria (SPEC §3) switched on in the settings."""
        # sudo: the settings live in ir.config_parameter, which only administrators read
        params = self.env["ir.config_parameter"].sudo()
        # a dict, not tuples: Odoo's term extractor takes a tuple's first string for a term
        criteria = {
            "complaint_promise_broken": self.env._("promised service not delivered"),
            "complaint_serious_loss": self.env._("serious loss or injury"),
            "complaint_authority_involved": self.env._("government body or media involved"),
            "complaint_is_collective": self.env._("collective complaint"),
            "complaint_long_unresolved": self.env._("unresolved for too long"),
        }
        return [
            (fname, label)
            for fname, label in criteria.items()
            if params.get_param(f"complaint_management.major_on_{fname.removeprefix('complaint_')}")
            in ("True", "1")
        ]

    @api.model
    def _get_complaint_param(self, key, default):
        # sudo: the settings live in ir.config_parameter, which only administrators read
        value = self.env["ir.config_parameter"].sudo().get_param(f"complaint_management.{key}")
        if value in ("True", "False"):  # booleans of res.config.settings
            return int(value == "True")
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            _logger.warning("Setting complaint_management.%s=%r is not a number", key, value)
            return default

    @api.model
    def _get_complaint_record(self, xmlid):
        """The record of ``xmlid``, or None: env.ref without the query that checks, in every
        transaction, that the record still exists (the xml id lookup is cached, and deleting a
        record deletes its xml id)."""
        model, res_id = self.env["ir.model.data"]._xmlid_to_res_model_res_id(xmlid)
        return self.env[model].browse(res_id) if model else None

    # ------------------------------------------------------------------------------------------
    # Registration pipeline
    # ------------------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # registration rewrites the values (identity moved out, number, stage): on copies, so
        # that a caller retrying with its own values (Odoo's import does, row by row, after a
        # failed batch) still has everything it sent
        vals_list = [dict(vals) for vals in vals_list]
        complaint_vals = [vals for vals in vals_list if self._is_complaint_vals(vals)]
        if complaint_vals:
            self._prepare_complaint_registration(complaint_vals)
        tickets = super().create(vals_list)
        complaints = tickets.filtered("is_complaint")
        if complaints:
            complaints._register_complaints()
        return tickets

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        context = self.env.context
        if context.get("default_is_complaint") and "default_user_id" not in context:
            # routing decides who is responsible for a new complaint, not who registers it
            defaults.pop("user_id", None)
        return defaults

    def _is_complaint_vals(self, vals):
        return vals.get("is_complaint", self.env.context.get("default_is_complaint"))

    @api.model
    def _prepare_complaint_registration(self, vals_list):
        """Set-based steps that must happen before the INSERT: route, stage, number."""
        now = fields.Datetime.now()
        for vals in vals_list:
            vals["is_complaint"] = True
            # an empty value sent by a client (form, import, API) is "not given"
            for key in (
                "complaint_first_contact_user_id",
                "complaint_received_date",
                "stage_id",
                "number",
            ):
                if key in vals and not vals[key]:
                    del vals[key]
            vals.setdefault("complaint_first_contact_user_id", self.env.uid)
            vals.setdefault("complaint_received_date", now)
            if vals.get("complaint_event_location"):
                vals["complaint_event_location"] = vals["complaint_event_location"].strip()
        self._prepare_complainants(vals_list)
        self._route_vals(vals_list)
        stages = self._get_complaint_stages()
        for vals in vals_list:
            # the responsible person comes from routing, not from helpdesk_mgmt's auto-assign
            vals.setdefault("user_id", False)
            phase = "dispatched" if vals.get("complaint_is_emergency") else "new"
            if vals.get("stage_id") and not self.env.su:
                stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
                if stage.complaint_phase != phase:
                    raise UserError(
                        self.env._(
                            "A new complaint starts in the stage %(stage)s: its procedure "
                            "moves it on.",
                            stage=stages.get(phase, stage).display_name,
                        )
                    )
            if not vals.get("stage_id"):
                vals["stage_id"] = stages.get(
                    phase, stages.get("new", self.env["helpdesk.ticket.stage"])
                ).id
            if vals.get("complaint_is_emergency"):
                vals.setdefault("complaint_accepted_date", now)
                vals.setdefault("complaint_dispatched_date", now)
        todo = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        if todo:
            for vals, number in zip(todo, self._reserve_complaint_numbers(len(todo)), strict=True):
                vals["number"] = number

    @api.model
    def _get_complaint_stages(self):
        """{phase: stage}, the first stage (by sequence) of each complaint phase."""
        Stage = self.env["helpdesk.ticket.stage"]
        # the stages' company rule, for the cache (the superuser sees every stage)
        company_ids = None if self.env.su else tuple(sorted(self.env.companies.ids))
        return {
            phase: Stage.browse(stage_id)
            for phase, stage_id in Stage._get_complaint_stage_ids(company_ids)
        }

    @api.model
    def _reserve_complaint_numbers(self, count):
        """``count`` tracking numbers from the yearly sequence in one query (TS2026-000123)."""
        seq = self._get_complaint_record("complaint_management.seq_complaint_number")
        if not seq:
            # sudo: numbering is not a right of the registering user; the sequence is technical
            sequence = self.env["ir.sequence"].sudo()
            return [sequence.next_by_code("complaint.number") or "/" for _ in range(count)]
        # sudo: numbering is not a right of the registering user; the sequence is technical
        seq = seq.sudo()
        if seq.implementation != "standard":
            return [seq.next_by_id() for _ in range(count)]
        # the number's year is the complainant's: without a user time zone (e-mail gateway,
        # imports, crons) context_today is UTC and 1 January 07:00 in Beijing got last year's
        tz = self.env.context.get("tz") or self.env.user.tz
        if tz not in pytz.all_timezones_set:
            tz = self.env.company._get_complaint_tz()
        today = datetime.now(pytz.timezone(tz)).date()
        if seq.use_date_range:
            date_range = seq._get_current_sequence(sequence_date=today)
            pg_sequence = f"ir_sequence_{seq.id:03d}_{date_range.id:03d}"
            seq = seq.with_context(
                ir_sequence_date=today, ir_sequence_date_range=date_range.date_from
            )
        else:
            pg_sequence = f"ir_sequence_{seq.id:03d}"
            seq = seq.with_context(ir_sequence_date=today)
        self.env.cr.execute(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", pg_sequence, count)
        )
        return [seq.get_next_char(value) for (value,) in self.env.cr.fetchall()]

    def _register_complaints(self):
        """Set-based steps after the INSERT: routing log and assisting tasks, repeat and
        collective links, acknowledgement, then the registered hook."""
        self._create_routing_records()
        self._link_repeats()
        self._detect_collective()
        self._apply_priority()
        self._send_acknowledgements()
        self._on_complaint_registered()

    def _apply_priority(self):
        """Priority from severity, customer tier, scope, breadth (collective) and repeats."""
        by_priority = defaultdict(lambda: self.browse())
        for ticket in self:
            score = SEVERITY_RANK.get(ticket.complaint_severity, 0)
            score += ticket.complaint_customer_tier == "vip"
            score += ticket.complaint_scope_tier in ("regional", "national")
            score += ticket.complaint_is_repeat or ticket.complaint_is_collective
            score += ticket.complaint_is_emergency * 3
            by_priority[str(min(3, score))] |= ticket
        for priority, tickets in by_priority.items():
            tickets.filtered(lambda t, p=priority: t.priority != p).write({"priority": priority})

    def _send_acknowledgements(self):
        """Mark the acknowledgement as due; the cron renders and queues it (one batch)."""
        # sudo: the e-mail address is confidential but the acknowledgement must go out
        targets = self.sudo().filtered(lambda t: t.complainant_id.email)
        if targets:
            targets.filtered(lambda t: t.complaint_acknowledgement_state != "pending").write(
                {"complaint_acknowledgement_state": "pending"}
            )
            cron = self._get_complaint_record("complaint_management.ir_cron_send_acknowledgements")
            if cron:
                self._trigger_complaint_cron(cron)

    @api.model
    def _trigger_complaint_cron(self, cron):
        """Run ``cron`` as soon as possible, unless a trigger of it is already waiting: one mail
        after another would otherwise each add a trigger and wake the cron workers. A waiting
        trigger is locked until this transaction ends, so that the cron cannot consume it (and
        start its run) before what this transaction asks it to do is committed; a trigger
        locked by a run that has started is skipped, and a new one is added."""
        self.env["ir.cron.trigger"].flush_model(["cron_id", "call_at"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM ir_cron_trigger WHERE cron_id = %s AND call_at <= %s "
                "LIMIT 1 FOR UPDATE SKIP LOCKED",
                cron.id,
                fields.Datetime.now(),
            )
        )
        if not self.env.cr.fetchone():
            cron._trigger()

    @api.model
    def _cron_send_acknowledgements(self, batch_size=500):
        """Render and queue pending acknowledgements in batches; a rerun sends nothing twice
        (the state changes in the same transaction as the mail is queued)."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM helpdesk_ticket "
                    "WHERE complaint_acknowledgement_state = 'pending' "
                    "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                    batch_size,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            # sudo: the cron's user need not read every unit's complaints nor write their state
            tickets = self.sudo().browse(ids)
            if template:
                tickets._complaint_mail_complainant(template)
            tickets.write({"complaint_acknowledgement_state": "sent"})
            if len(ids) < batch_size:
                self.env["ir.cron"]._commit_progress(len(ids), remaining=0)
                break
            if not self.env["ir.cron"]._commit_progress(len(ids)):
                break

    def _complaint_mail_complainant(self, template, note=None):
        """E-mail ``template`` to each complaint's complainant and log a neutral note.

        The mail is queued (sent by the mail cron) and not linked to the complaint: its body and
        address would otherwise sit in a mail.message that everyone who reads the complaint can
        read. The chatter gets a note without the identity, so the trail keeps the event."""
        # sudo: rendering reads the complainant's address and name, which the sender (a handler,
        # a cron) may not read; nothing rendered is shown to them
        tickets = self.sudo().filtered(lambda t: t.complainant_id.email)
        if not tickets:
            return tickets
        # sudo: the template renders as superuser, for the same reason
        mails = template.sudo().send_mail_batch(
            tickets.ids, force_send=False, email_values=self._get_complaint_mail_values()
        )
        # a reply to one of these mails finds its complaint by the Message-Id it answers
        self.env["complaint.mail.reference"]._remember(tickets, mails)
        # the subjects just rendered (one mail per ticket, in the order of the ids), not a
        # second rendering
        subjects = dict(zip(tickets.ids, mails.mapped("subject"), strict=True))
        bodies = {
            ticket.id: note
            or self.env._(
                "E-mail sent to the complainant: %(subject)s",
                subject=subjects.get(ticket.id) or template.name,
            )
            for ticket in tickets
        }
        tickets._message_log_batch(bodies=bodies)
        return tickets

    def _complaint_post_from_complainant(self, text, attachments=()):
        """What the complainant adds (tracking page, My complaints): a comment whose author is
        the shared "Complainant" contact, created by the system, so neither the message nor
        its files name the complainant or their account."""
        self.ensure_one()
        author = self.env.ref("complaint_management.partner_complainant_author")
        # with_user(superuser): a visitor or portal user cannot post on a complaint they may
        # not read; the caller proved access with the tracking code or the portal session
        return self.with_user(SUPERUSER_ID).message_post(
            body=Markup("<p>%s</p>") % escape(text or self.env._("(attachments)")),
            message_type="comment",
            # a comment: it shows on the tracking page and notifies the unit's followers
            subtype_xmlid="mail.mt_comment",
            author_id=author.id,
            email_from=False,
            # created by message_post and linked to the message: a visitor may not link
            # attachments made beforehand
            attachments=list(attachments),
        )

    @api.model
    def _get_complaint_mail_values(self):
        """Values of every mail to a complainant: not linked to the complaint (the mail gateway
        adds the Reply-To of the complaint address), and written by the organisation, not by
        the user who sends it: mail lets the author of a message read it, and these carry the
        complainant's name, address and survey link."""
        return {
            "model": False,
            "res_id": False,
            "record_name": False,
            "author_id": self.env.company.partner_id.id,
        }

    def _complaint_send_complainant_email(self, subject, body):
        """E-mail a free text (a reply) to the complainant, unlinked like the templates."""
        self.ensure_one()
        # sudo: see _complaint_mail_complainant
        ticket = self.sudo()
        email = ticket.complainant_id.email
        if not email:
            return False
        vals = {"subject": subject, "body_html": body, "email_to": email, "auto_delete": True}
        vals.update(self._get_complaint_mail_values())
        if ticket.company_id.partner_id.email:
            vals["email_from"] = ticket.company_id.partner_id.email_formatted
        # sudo: users may not create mail.mail; this one is not linked to the complaint
        mail = self.env["mail.mail"].sudo().create(vals)
        self.env["complaint.mail.reference"]._remember(ticket, mail)
        return mail

    # ------------------------------------------------------------------------------------------
    # Hooks for complaint_sla and complaint_survey
    # ------------------------------------------------------------------------------------------

    def _on_complaint_registered(self):
        """Called once per batch of new complaints."""

    def _on_complaint_stage_changed(self, old_stages):
        """Called after a stage change; old_stages maps ticket id to its previous stage."""

    def _on_complaint_replied(self):
        """Called after a reply was sent to the complainant."""

    def _on_complaint_contacted(self):
        """Called after a member of staff wrote to the complainant in the conversation they
        see (a public message on the tracking page), other than the reply itself."""

    def _on_complaint_closed(self):
        """Called after closure."""

    def _on_complaint_reopened(self, reason):
        """Called after a closed complaint was reopened (e.g. complainant dissatisfied)."""

    def _on_complaint_deadline_extended(self, deadline):
        """Called after a new deadline was committed to the complainant (complaint_sla's
        approved extension); ``deadline`` is naive UTC."""

    def _on_complaint_phase_event(self, event, when=None):
        """Called by an addon at an event of a phase that another addon may time, so that the
        two never read each other's fields. ``when``: naive UTC, default now. The events:

        - ``callback_planned``: a callback of these complaints is planned (complaint_survey);
        - ``callback_attempt_failed``: an attempt to reach the complainant failed;
        - ``callback_done``: the callback is over (answered, closed as unreachable, cancelled).
        """

    @api.model
    def _is_complaint_phase_timed(self, phase):
        """Whether an addon times ``phase`` (e.g. ``callback``) by deadline rules of its own
        in the current company (complaint_sla): the addon that plans the phase then takes its
        due dates from ``_get_complaint_phase_due_dates``, and its own setting applies only
        where no rule does."""
        return False

    def _get_complaint_phase_due_dates(self, phase):
        """{ticket id: date} the day by which the current deadline of ``phase`` of each of
        these complaints falls, in its calendar's time zone, where an addon times the phase
        (complaint_sla's clock); complaints it does not time are not in the result."""
        return {}

    def _get_complaint_phase_deadlines(self, phase):
        """{ticket id: naive UTC datetime} the current deadline of ``phase`` of each of these
        complaints, where an addon times the phase (complaint_sla's clock): the moment itself,
        for the addon that acts once it has passed (complaint_survey closes a callback as
        unreachable from the ``unreachable`` deadline on); complaints it does not time are not
        in the result."""
        return {}

    def _on_complaint_phase_deadlines_moved(self, phase):
        """Called by the addon that times ``phase`` after the current deadline of that phase
        of these complaints moved (public holidays changed, extension approved), so that the
        addon planning the phase follows it (``_get_complaint_phase_due_dates``)."""

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if (
            len(self) == 1
            and self.is_complaint
            and not self.env.context.get("complaint_replying")
            and self._is_complaint_staff_answer(message)
        ):
            self._on_complaint_contacted()
        return result

    def _is_complaint_staff_answer(self, message):
        """Whether ``message`` is one the complainant sees from the organisation: a public
        comment (what the tracking page shows) whose author is a member of staff."""
        if message.message_type not in ("comment", "email"):
            return False
        if message.subtype_id != self._get_complaint_record("mail.mt_comment"):
            return False
        author = message.author_id
        if not author or author == self._get_complaint_record(
            "complaint_management.partner_complainant_author"
        ):
            return False
        # sudo: whether the author is staff is read from their users, not shown
        return bool(author.sudo().user_ids.filtered(lambda u: not u.share))

"""Complaints are helpdesk tickets flagged as complaints.

Every way in (back-office form, import, e-mail gateway, web form) goes through create(), which runs
the registration pipeline on the whole batch: classify, route, number, link repeats and collective
complaints, acknowledge. Transitions call small ``_on_complaint_*`` hooks that complaint_sla and
complaint_survey extend.
"""

import logging
import re
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from ..tools import routing

_logger = logging.getLogger(__name__)

# The complainant's identity (SPEC §9): complaint handlers who are not officers may not read
# these fields on any ticket; _has_field_access enforces it in the ORM (reads, searches, views),
# as field groups do. A group list cannot express it: handlers are internal users, and other
# internal users (helpdesk_mgmt's own users, employees following their tickets) keep access.
IDENTITY_FIELDS = frozenset(
    {
        "partner_id",
        "commercial_partner_id",
        "partner_name",
        "partner_email",
        "partner_phone",
        "partner_address",
        "complainant_key",
        "complainant_phone_key",
        "complainant_email_key",
    }
)

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
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,24}$")

# Fields whose change re-runs classification (severity, priority).
CLASSIFY_FIELDS = {
    "category_id",
    "promise_broken",
    "serious_loss",
    "authority_involved",
    "is_collective",
    "is_repeat",
    "long_unresolved",
    "customer_tier",
    "scope_tier",
    "severity",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # the collective check's probes: category, place (or region) and the window
    _collective_place_idx = models.Index(
        "(category_id, event_location, received_date) WHERE is_complaint"
    )
    _collective_region_idx = models.Index(
        "(category_id, region_id, received_date) WHERE is_complaint"
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

    # --- identity of the complainant (confidential) ------------------------------------------
    partner_phone = fields.Char(string="Phone")
    partner_address = fields.Char(string="Address")
    complainant_relation = fields.Selection(RELATIONS, string="Relation to the matter")
    is_anonymous = fields.Boolean(string="Filed anonymously")
    is_confidential = fields.Boolean(
        string="Keep identity confidential",
        help="The complainant asked that their identity is not disclosed to the units involved.",
    )
    identity_grant_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_ticket_identity_grant_rel",
        "ticket_id",
        "user_id",
        string="Identity visible to",
        groups="complaint_management.group_complaint_officer",
        help="Handlers who may see the complainant's identity on this complaint.",
    )
    complainant_display = fields.Char(string="Complainant", compute="_compute_complainant_display")
    anonymised = fields.Boolean(readonly=True, copy=False)
    submit_ip_hash = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Technical: salted hash of the address a web complaint came from (rate limit).",
    )
    acknowledgement_state = fields.Selection(
        [("pending", "To send"), ("sent", "Sent")],
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The acknowledgement e-mail is rendered and queued by a scheduled action right "
        "after registration, so that registering stays fast.",
    )

    # --- registration -------------------------------------------------------------------------
    first_contact_user_id = fields.Many2one(
        "res.users",
        string="First-contact owner",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Who registered the complaint; stays responsible towards the complainant "
        "until closure (首问负责制).",
    )
    received_date = fields.Datetime(
        string="Received", default=fields.Datetime.now, copy=False, index=True
    )
    event_date = fields.Datetime(string="Time of the event")
    event_location = fields.Char(string="Place of the event")
    region_id = fields.Many2one("complaint.region", index=True)
    accused_party = fields.Char(string="Accused unit or person")
    complainant_request = fields.Text(string="Request")
    product_service = fields.Char(string="Product or service")
    is_emergency = fields.Boolean(
        string="Emergency",
        help="Danger to health or safety, or evidence about to disappear: accepted and "
        "dispatched immediately.",
    )

    # --- classification -----------------------------------------------------------------------
    severity = fields.Selection(
        SEVERITIES,
        compute="_compute_severity",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    # not stored: shown in the reader's language
    major_reason = fields.Char(string="Why major", compute="_compute_major_reason")
    promise_broken = fields.Boolean(
        string="Promise broken", help="A promised or contracted service was not delivered."
    )
    serious_loss = fields.Boolean(
        string="Serious loss or injury", help="Serious financial loss or personal injury."
    )
    authority_involved = fields.Boolean(
        string="Government or media involved",
        compute="_compute_authority_involved",
        store=True,
        readonly=False,
    )
    long_unresolved = fields.Boolean(readonly=True, copy=False)
    is_flagged = fields.Boolean(
        string="Flagged",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Under flagged supervision (挂牌督办): always called back, followed by a manager.",
    )
    scope_tier = fields.Selection(SCOPE_TIERS, string="Scope", default="local", tracking=True)
    customer_tier = fields.Selection(
        CUSTOMER_TIERS,
        string="Customer tier",
        compute="_compute_customer_tier",
        store=True,
        readonly=False,
    )
    onsite_required = fields.Boolean(
        string="On-site visit", compute="_compute_onsite_required", store=True, readonly=False
    )

    # --- responsibility -----------------------------------------------------------------------
    team_id = fields.Many2one(tracking=True)
    routing_rule_id = fields.Many2one("complaint.routing.rule", readonly=True, copy=False)
    routed_by_default = fields.Boolean(readonly=True, copy=False)
    assignment_ids = fields.One2many("complaint.assignment", "ticket_id", string="Routing log")
    reassign_count = fields.Integer(
        string="Reassignments", compute="_compute_reassign_count", store=True
    )
    assist_task_ids = fields.One2many("complaint.assist.task", "ticket_id", string="Assistance")
    assist_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        compute="_compute_assist_team_ids",
        store=True,
        string="Assisting units",
    )
    in_my_units = fields.Boolean(
        compute="_compute_in_my_units", search="_search_in_my_units", string="In my units"
    )
    accepted_date = fields.Datetime(readonly=True, copy=False)
    dispatched_date = fields.Datetime(readonly=True, copy=False)

    # --- refusal and transfer -----------------------------------------------------------------
    refusal_reason_id = fields.Many2one(
        "complaint.refusal.reason", readonly=True, copy=False, ondelete="restrict"
    )
    refusal_note = fields.Text(readonly=True, copy=False)
    transfer_body = fields.Char(string="Transferred to", readonly=True, copy=False)
    transfer_contact = fields.Char(readonly=True, copy=False)
    transfer_method = fields.Selection(
        [
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("system", "Case system"),
            ("in_person", "In person"),
        ],
        readonly=True,
        copy=False,
    )
    transfer_date = fields.Datetime(readonly=True, copy=False)
    transfer_confirmed_date = fields.Datetime(string="Receipt confirmed", readonly=True, copy=False)

    # --- repeat and collective ----------------------------------------------------------------
    complainant_key = fields.Char(
        compute="_compute_complainant_key",
        store=True,
        index=True,
        help="Technical: recognises the same complainant for repeat and collective complaints.",
    )
    complainant_phone_key = fields.Char(compute="_compute_complainant_key", store=True, index=True)
    complainant_email_key = fields.Char(compute="_compute_complainant_key", store=True, index=True)
    is_repeat = fields.Boolean(string="Repeat", readonly=True, copy=False, index=True)
    repeat_of_id = fields.Many2one("helpdesk.ticket", string="Repeat of", readonly=True, copy=False)
    is_collective = fields.Boolean(string="Collective", readonly=True, copy=False, index=True)
    collective_parent_id = fields.Many2one(
        "helpdesk.ticket", string="Collective complaint", index=True, copy=False, readonly=True
    )
    collective_child_ids = fields.One2many(
        "helpdesk.ticket", "collective_parent_id", string="Linked complaints"
    )
    collective_candidate = fields.Boolean(
        readonly=True,
        copy=False,
        help="Enough complainants about the same matter: an officer may link them as one "
        "collective complaint.",
    )

    # --- reply and closure --------------------------------------------------------------------
    reply_ids = fields.One2many("complaint.reply", "ticket_id", string="Replies")
    reply_method = fields.Selection(REPLY_METHODS, copy=False)
    reply_date = fields.Datetime(copy=False)
    result_summary = fields.Text(string="Result", copy=False)
    verdict = fields.Selection(VERDICTS, copy=False, tracking=True)
    cause = fields.Text(copy=False)
    responsible_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Responsible unit", copy=False
    )
    responsibility_category_id = fields.Many2one(
        "complaint.responsibility.category", copy=False, ondelete="restrict"
    )
    corrective_action = fields.Text(string="Corrective and preventive action", copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)

    _complaint_number_uniq = models.UniqueIndex(
        "(number) WHERE is_complaint", "Complaint tracking numbers must be unique."
    )

    # ------------------------------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------------------------------

    @api.depends_context("uid")
    @api.depends("is_confidential", "is_anonymous")
    def _compute_complainant_display(self):
        can_see_all = not self._is_identity_restricted()
        # sudo: the identity fields are restricted to officers; this compute decides per record
        # whether the current user may see them (officer, or handler granted on this complaint).
        for ticket, ticket_sudo in zip(self, self.sudo(), strict=True):
            if ticket_sudo.is_anonymous:
                ticket.complainant_display = self.env._("Anonymous")
            elif can_see_all:
                ticket.complainant_display = ticket_sudo.partner_name or ticket_sudo.partner_id.name
            elif self.env.user in ticket_sudo.identity_grant_user_ids:
                # granted handlers cannot read the contact fields: give them the phone here
                ticket.complainant_display = " · ".join(
                    part
                    for part in (
                        ticket_sudo.partner_name or ticket_sudo.partner_id.name,
                        ticket_sudo.partner_phone or ticket_sudo.partner_email,
                    )
                    if part
                )
            else:
                ticket.complainant_display = self.env._("Confidential")

    def _has_field_access(self, field, operation):
        if field.name in IDENTITY_FIELDS and not self.env.su and self._is_identity_restricted():
            return False
        return super()._has_field_access(field, operation)

    def _mail_get_partners(self, introspect_fields=False):
        # sudo: notification recipients are computed by the system whoever triggers them; a
        # handler who cannot read the complainant still notifies them (replies, activities)
        return super(HelpdeskTicket, self.sudo())._mail_get_partners(
            introspect_fields=introspect_fields
        )

    def _message_get_default_recipients(self, with_cc=False, all_tos=False):
        # sudo: same reason as _mail_get_partners
        return super(HelpdeskTicket, self.sudo())._message_get_default_recipients(
            with_cc=with_cc, all_tos=all_tos
        )

    @api.model
    def _is_identity_restricted(self):
        """Complaint handlers who are neither officers nor helpdesk users."""
        user = self.env.user
        return user.has_group("complaint_management.group_complaint_user") and not (
            user.has_group("complaint_management.group_complaint_officer")
            or user.has_group("helpdesk_mgmt.group_helpdesk_user_own")
        )

    @api.depends("channel_id")
    def _compute_authority_involved(self):
        for ticket in self:
            if ticket.channel_id.implies_authority:
                ticket.authority_involved = True

    @api.depends("partner_id")
    def _compute_customer_tier(self):
        for ticket in self:
            # sudo: the partner is confidential, but its tier is not
            partner = ticket.sudo().partner_id.commercial_partner_id
            ticket.customer_tier = partner.complaint_customer_tier or "ordinary"

    @api.depends("category_id")
    def _compute_onsite_required(self):
        for ticket in self:
            ticket.onsite_required = ticket.category_id.onsite_required

    @api.depends(
        "category_id",
        "promise_broken",
        "serious_loss",
        "authority_involved",
        "is_collective",
        "long_unresolved",
    )
    def _compute_severity(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            if any(ticket[fname] for fname, _label in criteria):
                ticket.severity = "major"
            else:
                if ticket.category_id.complaint_severity:
                    ticket.severity = ticket.category_id.complaint_severity
                elif not ticket.severity:
                    ticket.severity = "minor"

    @api.depends(
        "severity",
        "promise_broken",
        "serious_loss",
        "authority_involved",
        "is_collective",
        "long_unresolved",
    )
    def _compute_major_reason(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            reasons = [label for fname, label in criteria if ticket[fname]]
            ticket.major_reason = (
                "; ".join(reasons) if ticket.severity == "major" and reasons else False
            )

    @api.depends("assignment_ids")
    def _compute_reassign_count(self):
        counts = dict(
            self.env["complaint.assignment"]._read_group(
                [("ticket_id", "in", self.ids), ("kind", "=", "reassign")],
                ["ticket_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.reassign_count = counts.get(ticket, 0)

    @api.depends("assist_task_ids.team_id", "assist_task_ids.state")
    def _compute_assist_team_ids(self):
        for ticket in self:
            ticket.assist_team_ids = ticket.assist_task_ids.filtered(
                lambda task: task.state != "cancelled"
            ).team_id

    @api.depends_context("uid")
    @api.depends("team_id", "assist_team_ids")
    def _compute_in_my_units(self):
        teams = self.env.user.helpdesk_team_ids
        for ticket in self:
            ticket.in_my_units = bool((ticket.team_id | ticket.assist_team_ids) & teams)

    def _search_in_my_units(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on In my units."))
        teams = self.env.user.helpdesk_team_ids.ids
        domain = Domain.OR([[("team_id", "in", teams)], [("assist_team_ids", "in", teams)]])
        return domain if (operator == "=") == value else ~domain

    @api.constrains("partner_email", "partner_phone")
    def _check_contact(self):
        for ticket in self.sudo():
            if not ticket.is_complaint:
                continue
            if ticket.partner_email and not email_normalize(ticket.partner_email):
                raise ValidationError(
                    self.env._(
                        "%(email)s is not a valid e-mail address.", email=ticket.partner_email
                    )
                )
            if ticket.partner_phone and not PHONE_RE.match(ticket.partner_phone.strip()):
                raise ValidationError(
                    self.env._(
                        "%(phone)s is not a valid phone number: use digits, spaces, +, - "
                        "and parentheses.",
                        phone=ticket.partner_phone,
                    )
                )

    @api.model
    def _get_major_criteria(self):
        """[(field, label)] of the major criteria (SPEC §3) switched on in the settings."""
        params = self.env["ir.config_parameter"].sudo()
        criteria = [
            ("promise_broken", self.env._("promised service not delivered")),
            ("serious_loss", self.env._("serious loss or injury")),
            ("authority_involved", self.env._("government body or media involved")),
            ("is_collective", self.env._("collective complaint")),
            ("long_unresolved", self.env._("unresolved for too long")),
        ]
        return [
            (fname, label)
            for fname, label in criteria
            if params.get_param(f"complaint_management.major_on_{fname}") in ("True", "1")
        ]

    @api.model
    def _get_complaint_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(f"complaint_management.{key}")
        if value in ("True", "False"):  # booleans of res.config.settings
            return int(value == "True")
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            _logger.warning("Setting complaint_management.%s=%r is not a number", key, value)
            return default

    # ------------------------------------------------------------------------------------------
    # Registration pipeline
    # ------------------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
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
            vals.setdefault("first_contact_user_id", self.env.uid)
            vals.setdefault("received_date", now)
            if vals.get("event_location"):
                vals["event_location"] = vals["event_location"].strip()
        self._route_vals(vals_list)
        for vals in vals_list:
            # the responsible person comes from routing, not from helpdesk_mgmt's auto-assign
            vals.setdefault("user_id", False)
        stages = self._get_complaint_stages()
        for vals in vals_list:
            if "stage_id" not in vals:
                phase = "dispatched" if vals.get("is_emergency") else "new"
                vals["stage_id"] = stages.get(
                    phase, stages.get("new", self.env["helpdesk.ticket.stage"])
                ).id
            if vals.get("is_emergency"):
                vals.setdefault("accepted_date", now)
                vals.setdefault("dispatched_date", now)
        todo = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        if todo:
            for vals, number in zip(todo, self._reserve_complaint_numbers(len(todo)), strict=True):
                vals["number"] = number

    @api.model
    def _get_complaint_stages(self):
        """{phase: stage}, the first stage (by sequence) of each complaint phase."""
        result = {}
        for stage in self.env["helpdesk.ticket.stage"].search([("is_complaint_stage", "=", True)]):
            result.setdefault(stage.complaint_phase, stage)
        return result

    @api.model
    def _reserve_complaint_numbers(self, count):
        """``count`` tracking numbers from the yearly sequence in one query (TS2026-000123)."""
        seq = self.env.ref("complaint_management.seq_complaint_number", raise_if_not_found=False)
        if not seq:
            sequence = self.env["ir.sequence"].sudo()
            return [sequence.next_by_code("complaint.number") or "/" for _ in range(count)]
        # sudo: numbering is not a right of the registering user; the sequence is technical
        seq = seq.sudo()
        if seq.implementation != "standard":
            return [seq.next_by_id() for _ in range(count)]
        today = fields.Date.context_today(self)
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

    @api.model
    def _route_vals(self, vals_list):
        """Routing rules, evaluated in Python on the batch: lead unit, responsible user."""
        Rule = self.env["complaint.routing.rule"]
        rules, by_id = Rule._get_routing_snapshot()
        if not rules:
            return
        categories = self.env["helpdesk.ticket.category"].browse(
            {vals["category_id"] for vals in vals_list if vals.get("category_id")}
        )
        regions = self.env["complaint.region"].browse(
            {vals["region_id"] for vals in vals_list if vals.get("region_id")}
        )
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        )
        cat_paths = {
            c.id: frozenset(int(x) for x in c.parent_path.split("/") if x) for c in categories
        }
        reg_paths = {
            r.id: frozenset(int(x) for x in r.parent_path.split("/") if x) for r in regions
        }
        tiers = {
            p.id: p.commercial_partner_id.complaint_customer_tier or "ordinary" for p in partners
        }
        # a category's default lead unit (its own or its nearest ancestor's) comes before the
        # default rule, after every explicit rule
        category_units = {c.id: c._get_complaint_team() for c in categories}
        for vals in vals_list:
            if vals.get("team_id"):
                continue
            facts = routing.Facts(
                category_path=cat_paths.get(vals.get("category_id"), frozenset()),
                region_path=reg_paths.get(vals.get("region_id"), frozenset()),
                channel_id=vals.get("channel_id"),
                customer_tier=vals.get("customer_tier")
                or tiers.get(vals.get("partner_id"), "ordinary"),
                text=" ".join(
                    str(vals.get(key) or "")
                    for key in ("name", "description", "event_location", "accused_party")
                ),
                service=vals.get("product_service") or "",
            )
            rule, used_default = routing.match(rules, facts)
            category_unit = category_units.get(vals.get("category_id"))
            if (not rule or used_default) and category_unit:
                vals["team_id"] = category_unit.id
                continue
            if not rule:
                continue
            record = by_id[rule.id]
            vals["team_id"] = record.team_id.id
            if record.user_id and "user_id" not in vals:
                vals["user_id"] = record.user_id.id
            vals["routing_rule_id"] = record.id
            vals["routed_by_default"] = used_default
            if used_default:
                _logger.info(
                    "No routing rule matched complaint %r: default rule %s applied",
                    vals.get("name"),
                    record.display_name,
                )

    def _register_complaints(self):
        """Set-based steps after the INSERT: routing log and assisting tasks, repeat and
        collective links, acknowledgement, then the registered hook."""
        self._create_routing_records()
        self._link_repeats()
        self._detect_collective()
        self._apply_priority()
        self._send_acknowledgements()
        self._on_complaint_registered()

    def _create_routing_records(self):
        log_vals, task_vals = [], []
        now = fields.Datetime.now()
        for ticket in self.filtered("team_id"):
            log_vals.append(
                {
                    "ticket_id": ticket.id,
                    "kind": "routing",
                    "to_team_id": ticket.team_id.id,
                    "rule_id": ticket.routing_rule_id.id,
                    "reason": ticket.routing_rule_id.name
                    or (
                        self.env._("Default unit of the category")
                        if ticket.team_id == ticket.category_id._get_complaint_team()
                        else self.env._("Chosen at registration")
                    ),
                    "date": now,
                }
            )
            rule = ticket.routing_rule_id
            for team in rule.assist_team_ids - ticket.team_id:
                task_vals.append(
                    {
                        "ticket_id": ticket.id,
                        "team_id": team.id,
                        "instructions": rule.assist_instructions,
                        "date_deadline": rule._get_assist_deadline(),
                    }
                )
        if log_vals:
            self.env["complaint.assignment"].sudo().create(log_vals)
        if task_vals:
            # sudo: the registering officer creates tasks for units they are not a member of
            self.env["complaint.assist.task"].sudo().create(task_vals)

    @api.model
    def _complainant_keys(self, ticket):
        """Ways to recognise the same complainant: partner, e-mail, phone (digits only)."""
        keys = set()
        if ticket.partner_id:
            keys.add(("partner", ticket.partner_id.commercial_partner_id.id))
        email = email_normalize(ticket.partner_email or "")
        if email:
            keys.add(("email", email))
        digits = re.sub(r"\D", "", ticket.partner_phone or "")
        if len(digits) >= 5:
            keys.add(("phone", digits[-11:]))
        if not keys and ticket.partner_name:
            keys.add(("name", ticket.partner_name.strip().lower()))
        return keys

    @api.depends("partner_id", "partner_email", "partner_phone", "partner_name")
    def _compute_complainant_key(self):
        for ticket in self:
            # sudo: the keys are derived from confidential fields (and as confidential)
            keys = dict(self._complainant_keys(ticket.sudo()))
            ticket.complainant_phone_key = keys.get("phone", False)
            ticket.complainant_email_key = keys.get("email", False)
            for kind in ("partner", "phone", "email", "name"):
                if kind in keys:
                    ticket.complainant_key = f"{kind}:{keys[kind]}"
                    break
            else:
                ticket.complainant_key = False

    def _link_repeats(self):
        """Same complainant (partner, e-mail or phone) and category while a previous complaint
        is open or was closed within the window: flag as repeat and link to the latest one.
        One aggregated query per kind of identity, whatever the batch and table sizes."""
        new = self.sudo().filtered(lambda t: t.category_id and not t.is_anonymous)
        if not new:
            return
        window = self._get_complaint_param("repeat_window_days", 30)
        since = fields.Datetime.now() - timedelta(days=window)
        base = Domain.AND(
            [
                [("is_complaint", "=", True), ("id", "not in", self.ids)],
                [("category_id", "in", new.category_id.ids)],
                Domain.OR([[("closed", "=", False)], [("closed_date", ">=", since)]]),
            ]
        )
        latest = {}  # (category id, key) -> id of the latest previous complaint
        fname_e, fname_p = "complainant_email_key", "complainant_phone_key"
        for kind, fname, values in (
            ("partner", "commercial_partner_id", new.partner_id.commercial_partner_id.ids),
            ("email", "complainant_email_key", [e for e in new.mapped(fname_e) if e]),
            ("phone", "complainant_phone_key", [p for p in new.mapped(fname_p) if p]),
        ):
            if not values:
                continue
            groups = self.sudo()._read_group(
                Domain.AND([base, [(fname, "in", values)]]),
                ["category_id", fname],
                ["id:max"],
            )
            for category, value, last_id in groups:
                key = (kind, value.id if kind == "partner" else value)
                slot = (category.id, key)
                latest[slot] = max(latest.get(slot, 0), last_id)
        for ticket in new:
            matches = [
                latest[(ticket.category_id.id, key)]
                for key in self._complainant_keys(ticket)
                if (ticket.category_id.id, key) in latest
            ]
            if matches:
                ticket.write({"is_repeat": True, "repeat_of_id": max(matches)})

    def _detect_collective(self):
        """5+ distinct complainants about the same category and place within the window:
        propose (or make) one collective complaint.

        A group (category and region, or category and place when there is no region) that has
        already reached the threshold is recognised by one indexed existence check, since its
        members carry the proposal or the link, and the new complaints simply join it. Only the
        other groups are counted, and those are small by definition, so the cost of a batch
        does not grow with the complaints already registered."""
        new = self.sudo().filtered(lambda t: t.category_id and (t.region_id or t.event_location))
        if not new:
            return
        threshold = self._get_complaint_param("collective_threshold", 5)
        window = self._get_complaint_param("collective_window_days", 7)
        auto = self._get_complaint_param("collective_auto_link", 0)
        since = fields.Datetime.now() - timedelta(days=window)
        groups = defaultdict(lambda: self.sudo().browse())
        for ticket in new:
            groups[self._collective_key(ticket)] |= ticket
        joined = self._collective_groups_formed(list(groups), since)
        counted = self._collective_groups_reached(
            [key for key in groups if key not in joined], since, threshold
        )
        for key, tickets in groups.items():
            if key not in joined and key not in counted:
                continue
            parent = self._collective_parent(key, since) if auto else self.browse()
            if parent:
                # the group already is a collective complaint: the new ones join it
                (parent | tickets)._link_collective()
                continue
            members = tickets
            if key not in joined or auto:
                # newly reached (or proposed before automatic linking was switched on)
                members |= self.sudo().search(
                    Domain.AND([self._collective_domain(key, since), [("id", "not in", new.ids)]])
                )
            if auto:
                members._link_collective()
            else:
                members.filtered(
                    lambda t: not t.is_collective
                    and not t.collective_parent_id
                    and not t.collective_candidate
                ).write({"collective_candidate": True})

    @api.model
    def _collective_parent(self, key, since):
        """The collective complaint a group of the window already belongs to, if any."""
        member = self.sudo().search(
            Domain.AND(
                [
                    self._collective_domain(key, since),
                    Domain.OR(
                        [[("is_collective", "=", True)], [("collective_parent_id", "!=", False)]]
                    ),
                ]
            ),
            limit=1,
        )
        return member if member.is_collective else member.collective_parent_id

    @api.model
    def _collective_key(self, ticket):
        """("region", category id, region id) or ("place", category id, place)."""
        if ticket.region_id:
            return ("region", ticket.category_id.id, ticket.region_id.id)
        return ("place", ticket.category_id.id, ticket.event_location)

    @api.model
    def _collective_domain(self, key, since):
        kind, category_id, value = key
        where = (
            [("region_id", "=", value)]
            if kind == "region"
            else [("region_id", "=", False), ("event_location", "=", value)]
        )
        return Domain.AND(
            [
                [("is_complaint", "=", True), ("category_id", "=", category_id)],
                [("received_date", ">=", since), ("complainant_key", "!=", False)],
                where,
            ]
        )

    @api.model
    def _collective_groups_formed(self, keys, since):
        """The keys whose group already has a proposed or linked complaint in the window: one
        query per kind of key, an index probe per group (stops at the first member found)."""
        formed = set()
        for kind, column in (("region", "region_id"), ("place", "event_location")):
            values = [SQL("(%s, %s)", c, v) for k, c, v in keys if k == kind]
            if not values:
                continue
            place_only = SQL("AND t.region_id IS NULL") if kind == "place" else SQL()
            rows = self.env.execute_query(
                SQL(
                    """SELECT k.category_id, k.value
                         FROM (VALUES %(values)s) AS k(category_id, value)
                        WHERE EXISTS (
                            SELECT 1 FROM helpdesk_ticket t
                             WHERE t.is_complaint AND t.active
                               AND t.category_id = k.category_id AND t.%(column)s = k.value
                               %(place_only)s AND t.received_date >= %(since)s
                               AND t.complainant_key IS NOT NULL
                               AND (t.collective_candidate OR t.is_collective
                                    OR t.collective_parent_id IS NOT NULL))""",
                    values=SQL(", ").join(values),
                    column=SQL.identifier(column),
                    place_only=place_only,
                    since=since,
                )
            )
            formed.update((kind, category_id, value) for category_id, value in rows)
        return formed

    @api.model
    def _collective_groups_reached(self, keys, since, threshold):
        """The keys whose group counts at least ``threshold`` distinct complainants: one
        grouped count per kind of key (a region's complaints may name different places)."""
        reached = set()
        for kind, column in (("region", "region_id"), ("place", "event_location")):
            kind_keys = [key for key in keys if key[0] == kind]
            if not kind_keys:
                continue
            domain = Domain.OR(self._collective_domain(key, since) for key in kind_keys)
            for category, value, count in self.sudo()._read_group(
                domain, ["category_id", column], ["complainant_key:count_distinct"]
            ):
                if count >= threshold:
                    reached.add((kind, category.id, value.id if kind == "region" else value))
        return reached & set(keys)

    def _link_collective(self):
        """Link these complaints under the oldest one (or an existing parent), which becomes a
        major collective complaint."""
        tickets = self.sudo()
        parent = tickets.filtered("is_collective")[:1] or tickets.sorted("id")[:1]
        children = tickets - parent
        parent.write({"is_collective": True, "collective_candidate": False})
        children.write({"collective_parent_id": parent.id, "collective_candidate": False})
        parent.message_post(
            body=self.env._(
                "Collective complaint: %(count)s complaints linked (%(numbers)s).",
                count=len(children),
                numbers=", ".join(children.mapped("number")),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return parent

    def action_link_collective(self):
        complaints = self.filtered("is_complaint")
        if len(complaints) < 2:
            raise UserError(self.env._("Select at least two complaints to link."))
        if len(complaints.category_id) > 1:
            raise UserError(
                self.env._("Only complaints of the same category can form a collective complaint.")
            )
        parent = complaints._link_collective()
        return parent._get_form_action()

    def _apply_priority(self):
        """Priority from severity, customer tier, scope, breadth (collective) and repeats."""
        by_priority = defaultdict(lambda: self.browse())
        for ticket in self:
            score = SEVERITY_RANK.get(ticket.severity, 0)
            score += ticket.customer_tier == "vip"
            score += ticket.scope_tier in ("regional", "national")
            score += ticket.is_repeat or ticket.is_collective
            score += ticket.is_emergency * 3
            by_priority[str(min(3, score))] |= ticket
        for priority, tickets in by_priority.items():
            tickets.filtered(lambda t, p=priority: t.priority != p).write({"priority": priority})

    def _send_acknowledgements(self):
        """Mark the acknowledgement as due; the cron renders and queues it (one batch)."""
        # sudo: the e-mail address is confidential but the acknowledgement must go out
        targets = self.sudo().filtered(lambda t: t.partner_email or t.partner_id.email)
        if targets:
            targets.write({"acknowledgement_state": "pending"})
            cron = self.env.ref(
                "complaint_management.ir_cron_send_acknowledgements", raise_if_not_found=False
            )
            if cron:
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
                    "SELECT id FROM helpdesk_ticket WHERE acknowledgement_state = 'pending' "
                    "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                    batch_size,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            tickets = self.sudo().browse(ids)
            if template:
                # queued in mail.mail and sent by the mail cron, never synchronously
                template.sudo().send_mail_batch(ids, force_send=False)
            tickets.write({"acknowledgement_state": "sent"})
            if len(ids) < batch_size:
                self.env["ir.cron"]._commit_progress(len(ids), remaining=0)
                break
            if not self.env["ir.cron"]._commit_progress(len(ids)):
                break

    # ------------------------------------------------------------------------------------------
    # Hooks for complaint_sla and complaint_survey
    # ------------------------------------------------------------------------------------------

    def _on_complaint_registered(self):
        """Called once per batch of new complaints."""

    def _on_complaint_stage_changed(self, old_stages):
        """Called after a stage change; old_stages maps ticket id to its previous stage."""

    def _on_complaint_replied(self):
        """Called after a reply was sent to the complainant."""

    def _on_complaint_closed(self):
        """Called after closure."""

    def _on_complaint_reopened(self, reason):
        """Called after a closed complaint was reopened (e.g. complainant dissatisfied)."""

    # ------------------------------------------------------------------------------------------
    # Write, stage transitions
    # ------------------------------------------------------------------------------------------

    def write(self, vals):
        if "is_complaint" in vals and not vals["is_complaint"] and any(self.mapped("is_complaint")):
            raise UserError(self.env._("A complaint cannot be turned back into a plain ticket."))
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {t.id: t.stage_id for t in self if t.is_complaint}
        result = super().write(vals)
        if CLASSIFY_FIELDS & vals.keys() and "priority" not in vals:
            self.filtered("is_complaint")._apply_priority()
        if old_stages:
            changed = self.filtered(lambda t: t.id in old_stages and old_stages[t.id] != t.stage_id)
            if changed:
                changed._on_complaint_stage_changed(old_stages)
        return result

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
        self.write(dict(extra_vals or {}, stage_id=stage.id))

    def _check_is_complaint(self):
        if not all(self.mapped("is_complaint")):
            raise UserError(self.env._("This action only applies to complaints."))

    def _get_form_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_accept(self):
        """Accept (立案) and dispatch to the lead unit."""
        self._check_is_complaint()
        for ticket in self:
            if ticket.complaint_phase != "new":
                raise UserError(
                    self.env._("Complaint %(number)s was already assessed.", number=ticket.number)
                )
            if not ticket.team_id:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s has no lead unit: choose one before accepting.",
                        number=ticket.number,
                    )
                )
        now = fields.Datetime.now()
        self._set_complaint_phase("dispatched", {"accepted_date": now, "dispatched_date": now})

    def action_start(self):
        self._check_is_complaint()
        self._set_complaint_phase("in_progress")

    def _check_closure_requirements(self):
        required = [
            ("result_summary", self.env._("Result")),
            ("verdict", self.env._("Verdict")),
            ("cause", self.env._("Cause")),
            ("responsible_team_id", self.env._("Responsible unit")),
            ("responsibility_category_id", self.env._("Responsibility category")),
            ("corrective_action", self.env._("Corrective and preventive action")),
            ("reply_method", self.env._("Reply method")),
            ("reply_date", self.env._("Reply date")),
        ]
        problems = []
        for ticket in self:
            missing = [label for fname, label in required if not ticket[fname]]
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
        self.env["complaint.assignment"].sudo().create(
            {
                "ticket_id": self.id,
                "kind": kind,
                "from_team_id": self.team_id.id,
                "to_team_id": team.id,
                "reason": reason,
            }
        )
        vals = {"team_id": team.id}
        if user is not None:
            vals["user_id"] = user.id
        self.write(vals)

    def action_anonymise(self):
        """Erase the complainant's personal data of closed complaints (on request)."""
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise UserError(self.env._("Only a complaint manager can anonymise complaints."))
        self._check_is_complaint()
        if self.filtered(lambda t: not t.closed):
            raise UserError(self.env._("Only closed complaints can be anonymised."))
        self.sudo().write(
            {
                "partner_id": False,
                "partner_name": self.env._("Anonymised"),
                "partner_email": False,
                "partner_phone": False,
                "partner_address": False,
                "anonymised": True,
            }
        )
        for ticket in self:
            ticket.message_post(
                body=self.env._("The complainant's personal data was anonymised."),
                subtype_xmlid="mail.mt_note",
            )

    def action_confirm_transfer_receipt(self):
        self._check_is_complaint()
        self.filtered(lambda t: t.transfer_date and not t.transfer_confirmed_date).write(
            {"transfer_confirmed_date": fields.Datetime.now()}
        )

    @api.model
    def _cron_flag_long_unresolved(self, limit=1000):
        """Complaints still open after the configured number of days become major."""
        days = self._get_complaint_param("major_unresolved_days", 30)
        tickets = self.sudo().search(
            [
                ("is_complaint", "=", True),
                ("closed", "=", False),
                ("long_unresolved", "=", False),
                ("received_date", "<", fields.Datetime.now() - timedelta(days=days)),
            ],
            limit=limit,
        )
        tickets.write({"long_unresolved": True})
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
            ticket._set_complaint_phase("in_progress", {"reopen_count": ticket.reopen_count + 1})
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

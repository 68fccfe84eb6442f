"""Complaints are helpdesk tickets flagged as complaints.

Every way in (back-office form, import, e-mail gateway, web form) goes through create(), which runs
the registration pipeline on the whole batch: classify, route, number, link repeats and collective
complaints, acknowledge. Transitions call small ``_on_complaint_*`` hooks that complaint_sla and
complaint_survey extend.
"""

import logging
import re
from collections import defaultdict
from datetime import datetime, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from ..tools import routing

_logger = logging.getLogger(__name__)

# The complainant's identity (SPEC §9) lives on complaint.complainant, never in helpdesk's own
# contact fields: values given under either name at creation (form, import, API, mail gateway)
# or written later go there. {name given by a client: field of complaint.complainant}
IDENTITY_VALS = {
    "partner_id": "partner_id",
    "partner_name": "name",
    "partner_email": "email",
    "partner_phone": "phone",
    "partner_address": "address",
    "complainant_partner_id": "partner_id",
    "complainant_name": "name",
    "complainant_email": "email",
    "complainant_phone": "phone",
    "complainant_address": "address",
}
OFFICER = "complaint_management.group_complaint_officer"
MANAGER = "complaint_management.group_complaint_manager"
# Fields only the procedure (its buttons and wizards) or officers change; handlers never.
PROTECTED_FIELDS = frozenset(
    {
        "number",
        "received_date",
        "first_contact_user_id",
        "reopen_count",
        "anonymised",
        "is_confidential",
        "is_anonymous",
        "is_complaint",
        "team_id",
        "active",
        "severity",
        "accepted_date",
        "dispatched_date",
        "closed_date",
        "company_id",
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

# Facts a correction of which re-runs routing before acceptance.
ROUTING_FACTS = {"category_id", "region_id", "event_location"}

# Fields whose change re-runs classification (severity, priority).
CLASSIFY_FIELDS = {
    "category_id",
    "promise_broken",
    "serious_loss",
    "authority_involved",
    "is_collective",
    "collective_parent_id",
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

    # --- identity of the complainant (confidential: complaint.complainant) -------------------
    complainant_id = fields.Many2one(
        "complaint.complainant",
        string="Complainant record",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    complainant_partner_id = fields.Many2one(
        related="complainant_id.partner_id",
        readonly=False,
        string="Complainant contact",
        groups=OFFICER,
    )
    complainant_name = fields.Char(
        related="complainant_id.name", readonly=False, string="Complainant name", groups=OFFICER
    )
    complainant_email = fields.Char(
        related="complainant_id.email", readonly=False, string="Complainant e-mail", groups=OFFICER
    )
    complainant_phone = fields.Char(
        related="complainant_id.phone", readonly=False, string="Complainant phone", groups=OFFICER
    )
    complainant_address = fields.Char(
        related="complainant_id.address",
        readonly=False,
        string="Complainant address",
        groups=OFFICER,
    )
    complaint_tracking_code = fields.Char(
        related="complainant_id.tracking_code", string="Tracking code", groups=OFFICER
    )
    complaint_tracking_url = fields.Char(
        compute="_compute_complaint_tracking_url", string="Tracking link", groups=OFFICER
    )
    complainant_relation = fields.Selection(RELATIONS, string="Relation to the matter")
    is_anonymous = fields.Boolean(string="Filed anonymously", tracking=True)
    is_confidential = fields.Boolean(
        string="Keep identity confidential",
        tracking=True,
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
    anonymised = fields.Boolean(readonly=True, copy=False, tracking=True)
    submit_ip_hash = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Technical: salted hash of the address a web complaint came from (rate limit).",
    )
    submit_stamp = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Technical: the single-use stamp of the web form that filed this complaint.",
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
        string="Received", default=fields.Datetime.now, copy=False, index=True, tracking=True
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
    reopen_count = fields.Integer(readonly=True, copy=False, tracking=True)

    _complaint_number_uniq = models.UniqueIndex(
        "(number) WHERE is_complaint", "Complaint tracking numbers must be unique."
    )
    _submit_stamp_uniq = models.UniqueIndex(
        "(submit_stamp) WHERE submit_stamp IS NOT NULL", "This form was already sent."
    )

    # ------------------------------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------------------------------

    @api.depends_context("uid")
    @api.depends("is_confidential", "is_anonymous")
    def _compute_complainant_display(self):
        can_see_all = not self._is_identity_restricted()
        # sudo: the identity is restricted to officers; this compute decides per record whether
        # the current user may see it (officer, or handler granted on this complaint).
        for ticket, ticket_sudo in zip(self, self.sudo(), strict=True):
            complainant = ticket_sudo.complainant_id
            if not ticket_sudo.is_complaint:
                ticket.complainant_display = ticket_sudo.partner_name or ticket_sudo.partner_id.name
            elif ticket_sudo.is_anonymous:
                ticket.complainant_display = self.env._("Anonymous")
            elif can_see_all:
                ticket.complainant_display = complainant.name or complainant.partner_id.name
            elif self.env.user in ticket_sudo.identity_grant_user_ids:
                # granted handlers cannot read the contact fields: give them the phone here
                ticket.complainant_display = " · ".join(
                    part
                    for part in (
                        complainant.name or complainant.partner_id.name,
                        complainant.phone or complainant.email,
                    )
                    if part
                )
            else:
                ticket.complainant_display = self.env._("Confidential")

    @api.depends("number", "complainant_id.tracking_code")
    def _compute_complaint_tracking_url(self):
        for ticket in self:
            code = ticket.complainant_id.tracking_code
            ticket.complaint_tracking_url = (
                f"{ticket.get_base_url()}/complaint/track/{ticket.number}/{code}"
                if ticket.is_complaint and code
                else False
            )

    @api.model
    def _is_identity_restricted(self):
        """Whoever is not a complaint officer (or manager) does not see complainants."""
        return not (self.env.su or self.env.user.has_group(OFFICER))

    @api.depends("channel_id")
    def _compute_authority_involved(self):
        for ticket in self:
            if ticket.channel_id.implies_authority:
                ticket.authority_involved = True

    @api.depends("complainant_id.partner_id", "partner_id")
    def _compute_customer_tier(self):
        for ticket in self:
            # sudo: the partner is confidential, but its tier is not
            ticket_sudo = ticket.sudo()
            partner = (
                ticket_sudo.complainant_id.partner_id or ticket_sudo.partner_id
            ).commercial_partner_id
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
        "collective_parent_id",
        "long_unresolved",
    )
    def _compute_severity(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            if any(ticket._meets_criterion(fname) for fname, _label in criteria):
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
        "collective_parent_id",
        "long_unresolved",
    )
    def _compute_major_reason(self):
        criteria = self._get_major_criteria()
        for ticket in self:
            reasons = [label for fname, label in criteria if ticket._meets_criterion(fname)]
            ticket.major_reason = (
                "; ".join(reasons) if ticket.severity == "major" and reasons else False
            )

    @api.depends("number", "name")
    def _compute_display_name(self):
        # helpdesk_mgmt's f"{number} - {name}" read "/ - False" for a new ticket: join only
        # what the ticket has; empty for a new form, which the web client shows as "New"
        for ticket in self:
            number = ticket.number if ticket.number != "/" else False
            ticket.display_name = " - ".join(part for part in (number, ticket.name) if part)

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

    def _meets_criterion(self, fname):
        # the members of a collective complaint are collective complaints too
        if fname == "is_collective":
            return self.is_collective or bool(self.collective_parent_id)
        return self[fname]

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
            for key in ("first_contact_user_id", "received_date", "stage_id", "number"):
                if key in vals and not vals[key]:
                    del vals[key]
            vals.setdefault("first_contact_user_id", self.env.uid)
            vals.setdefault("received_date", now)
            if vals.get("event_location"):
                vals["event_location"] = vals["event_location"].strip()
        self._prepare_complainants(vals_list)
        self._route_vals(vals_list)
        stages = self._get_complaint_stages()
        for vals in vals_list:
            # the responsible person comes from routing, not from helpdesk_mgmt's auto-assign
            vals.setdefault("user_id", False)
            phase = "dispatched" if vals.get("is_emergency") else "new"
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
            if vals.get("is_emergency"):
                vals.setdefault("accepted_date", now)
                vals.setdefault("dispatched_date", now)
        todo = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        if todo:
            for vals, number in zip(todo, self._reserve_complaint_numbers(len(todo)), strict=True):
                vals["number"] = number

    @api.model
    def _prepare_complainants(self, vals_list):
        """Move the identity out of the ticket's values into complaint.complainant records
        (one INSERT for the batch): helpdesk's own contact fields stay empty on complaints."""
        identities = []
        for vals in vals_list:
            identity = {}
            for key, target in IDENTITY_VALS.items():
                value = vals.pop(key, None)
                if value and not identity.get(target):
                    identity[target] = value.strip() if isinstance(value, str) else value
            if vals.get("is_anonymous"):
                identity.pop("name", None)
            identities.append(identity)
        # sudo: whoever registers a complaint (officer, visitor, mail gateway, platform) records
        # who filed it; reading it back is what is restricted
        complainants = self.env["complaint.complainant"].sudo().create(identities)
        for vals, complainant in zip(vals_list, complainants, strict=True):
            vals["complainant_id"] = complainant.id
            if complainant.email:
                # the acknowledgement is due (_send_acknowledgements): in the INSERT, not an
                # UPDATE after it
                vals["acknowledgement_state"] = "pending"

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
        # sudo: the complainant's contact gives the customer tier, which is not confidential
        complainants = (
            self.env["complaint.complainant"]
            .sudo()
            .browse({vals["complainant_id"] for vals in vals_list if vals.get("complainant_id")})
        )
        partner_of = {c.id: c.partner_id.id for c in complainants}
        partners = complainants.partner_id
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
                or tiers.get(partner_of.get(vals.get("complainant_id")), "ordinary"),
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
            # an empty responsible person sent by the form is not a choice
            if record.user_id and not vals.get("user_id"):
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
        """Ways to recognise the same complainant: contact, e-mail, phone (digits only)."""
        keys = set()
        complainant = ticket.complainant_id
        if complainant.partner_id:
            keys.add(("partner", str(complainant.partner_id.commercial_partner_id.id)))
        email = email_normalize(complainant.email or "")
        if email:
            keys.add(("email", email))
        digits = re.sub(r"\D", "", complainant.phone or "")
        if len(digits) >= 5:
            keys.add(("phone", digits[-11:]))
        if not keys and complainant.name:
            keys.add(("name", complainant.name.strip().lower()))
        return keys

    @api.depends(
        "complainant_id.partner_id",
        "complainant_id.email",
        "complainant_id.phone",
        "complainant_id.name",
    )
    def _compute_complainant_key(self):
        for ticket in self:
            # sudo: the keys are derived from confidential fields (and as confidential)
            keys = dict(self._complainant_keys(ticket.sudo()))
            ticket.complainant_partner_key = keys.get("partner", False)
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
        for kind, fname in (
            ("partner", "complainant_partner_key"),
            ("email", "complainant_email_key"),
            ("phone", "complainant_phone_key"),
        ):
            values = [value for value in new.mapped(fname) if value]
            if not values:
                continue
            groups = self.sudo()._read_group(
                Domain.AND([base, [(fname, "in", values)]]),
                ["category_id", fname],
                ["id:max"],
            )
            for category, value, last_id in groups:
                key = (kind, value)
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

    def action_link_collective_suggestion(self):
        """Link this suspected collective complaint with the others of its group (same
        category and region or place, within the window) in one click from the form."""
        self.ensure_one()
        self._check_is_complaint()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only complaint officers link collective complaints."))
        window = self._get_complaint_param("collective_window_days", 7)
        since = self.received_date - timedelta(days=window)
        # sudo: the group is found by the complainant keys, which are confidential
        group = self.sudo().search(
            Domain.AND(
                [
                    self._collective_domain(self._collective_key(self.sudo()), since),
                    Domain.OR(
                        [
                            [("collective_candidate", "=", True)],
                            [("is_collective", "=", True)],
                            [("collective_parent_id", "!=", False)],
                        ]
                    ),
                ]
            )
        )
        if len(group | self) < 2:
            raise UserError(self.env._("No other complaint of this group is waiting to be linked."))
        parent = (group | self)._link_collective()
        return parent.with_env(self.env)._get_form_action()

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
        targets = self.sudo().filtered(lambda t: t.complainant_id.email)
        if targets:
            targets.filtered(lambda t: t.acknowledgement_state != "pending").write(
                {"acknowledgement_state": "pending"}
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
                tickets._complaint_mail_complainant(template)
            tickets.write({"acknowledgement_state": "sent"})
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
        adds the Reply-To of the complaint address)."""
        return {"model": False, "res_id": False, "record_name": False}

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
        procedure = self.env.su or self.env.context.get("complaint_procedure")
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
                vals["routed_by_default"] = False
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
        if "severity" in vals and (CLASSIFY_FIELDS - {"severity"}) & vals.keys():
            # the form sends the severity its onchange recomputed: the compute decides it
            vals.pop("severity")
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

    def _write_identity(self, identity):
        """Write the complainant's details (officers only: the model's access rules decide)."""
        self.env["complaint.complainant"].check_access("write")
        missing = self.filtered(lambda t: not t.sudo().complainant_id)
        for ticket in missing:
            # sudo: the complainant_id link is set by the system, the values below by the user
            ticket.sudo().complainant_id = self.env["complaint.complainant"].sudo().create({})
        self.sudo().complainant_id.with_env(self.env).write(identity)
        for ticket in self:
            ticket._message_log(
                body=self.env._("The complainant's contact details were changed."),
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
            same.with_context(complaint_procedure=True).write({"stage_id": stage.id})
        for ticket in self - same:
            step = (ticket.complaint_phase, stage.complaint_phase)
            if step == ("new", "dispatched"):
                ticket.action_accept()
            elif step in (("dispatched", "in_progress"), ("waiting", "in_progress")):
                ticket.action_start()
            elif step == ("in_progress", "waiting"):
                ticket.with_context(complaint_procedure=True).write({"stage_id": stage.id})
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
        self.with_context(complaint_procedure=True).write(dict(extra_vals or {}, stage_id=stage.id))

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
            if ticket.routed_by_default or not ticket.team_id:
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
        vals = {"team_id": team.id, "routed_by_default": False}
        if user is not None:
            vals["user_id"] = user.id
        self.with_context(complaint_procedure=True).write(vals)

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
        self.sudo().write({"anonymised": True})
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
                    "region_id",
                    "channel_id",
                    "name",
                    "event_location",
                    "accused_party",
                    "product_service",
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
            ticket.with_context(complaint_procedure=True).write(
                {
                    "routing_rule_id": vals.get("routing_rule_id", False),
                    "routed_by_default": vals.get("routed_by_default", False),
                }
            )
            moved |= ticket
        return moved.with_env(self.env)

    def action_reroute(self):
        self._check_is_complaint()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only complaint officers re-route complaints."))
        moved = self._reroute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s of %(total)s complaints moved to another unit.",
                    count=len(moved),
                    total=len(self),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

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

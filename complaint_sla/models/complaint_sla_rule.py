"""Deadline rules (时限规则): how long each phase of a complaint may take, under which conditions,
on which working calendar."""

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

PHASES = [
    ("register", "Register after first contact"),
    ("dispatch", "Dispatch to the responsible unit"),
    ("first_answer", "First answer to the complainant"),
    ("resolution", "Resolution"),
    ("contact", "Contact interval while open"),
    ("reply", "Reply after the unit's result"),
    ("callback", "Callback after closure"),
    ("unreachable", "Unreachable complainant: close the callback"),
]

UNITS = [
    ("working_hours", "Working hours"),
    ("working_days", "Working days"),
    ("calendar_hours", "Calendar hours"),
    ("calendar_days", "Calendar days"),
]


class ComplaintSlaRule(models.Model):
    _name = "complaint.sla.rule"
    _inherit = ["complaint.cache.mixin"]
    _description = "Complaint Deadline Rule"
    _order = "phase, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    phase = fields.Selection(
        PHASES,
        required=True,
        index=True,
        help="The phase whose clock the rule sets. The callback clock runs from the callback's "
        "planning to its end; the unreachable clock from the first failed attempt to reach the "
        "complainant to the callback's end (both with Complaint Callbacks installed).",
    )
    duration = fields.Float(required=True, default=1.0)
    duration_unit = fields.Selection(UNITS, required=True, default="working_days")
    warning_ratio = fields.Float(
        default=0.9, help="Share of the allowed time after which a warning is raised."
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("important", "Important"), ("major", "Major")],
        help="Applies only to complaints of this severity; empty for all.",
    )
    scope_tier = fields.Selection(
        [("local", "Local"), ("regional", "Regional"), ("national", "National")],
        help="Empty: any scope.",
    )
    customer_tier = fields.Selection(
        [("ordinary", "Ordinary"), ("vip", "VIP")], help="Empty: any customer."
    )
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels")
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Units")
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="Calendar used for working time; empty: the unit's, else the company's.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    calendar_warning = fields.Char(compute="_compute_calendar_warning")

    @api.depends("calendar_id", "duration_unit", "company_id")
    def _compute_calendar_warning(self):
        for rule in self:
            company = rule.company_id or self.env.company
            if (
                rule.duration_unit.startswith("working")
                and not rule.calendar_id
                and not company.resource_calendar_id
            ):
                rule.calendar_warning = self.env._(
                    "No working calendar on the rule or the company: working time cannot be "
                    "counted. Set one."
                )
            else:
                rule.calendar_warning = False

    @api.constrains("duration", "warning_ratio", "duration_unit")
    def _check_duration(self):
        for rule in self:
            if rule.duration <= 0:
                raise ValidationError(
                    self.env._("Rule %(name)s: the duration must be positive.", name=rule.name)
                )
            if rule.duration_unit == "working_days" and rule.duration != int(rule.duration):
                raise ValidationError(
                    self.env._(
                        "Rule %(name)s: working days must be a whole number.", name=rule.name
                    )
                )
            if not 0 < rule.warning_ratio < 1:
                raise ValidationError(
                    self.env._(
                        "Rule %(name)s: the warning ratio must be between 0 and 1 (e.g. 0.9).",
                        name=rule.name,
                    )
                )

    @api.model
    @tools.ormcache("company_id")
    def _get_rule_snapshot(self, company_id):
        """Active rules as plain tuples, cached until a rule changes."""
        # sudo: deadlines apply whatever the current user may read of the configuration
        rules = self.sudo().search(
            [("active", "=", True), ("company_id", "in", [False, company_id])],
            order="phase, sequence, id",
        )
        return tuple(
            (
                rule.id,
                rule.phase,
                rule.severity or None,
                rule.scope_tier or None,
                rule.customer_tier or None,
                frozenset(rule.category_ids.ids),
                frozenset(rule.channel_ids.ids),
                frozenset(rule.team_ids.ids),
            )
            for rule in rules
        )

    @api.model
    def _match_rules(self, tickets, phases):
        """{(ticket id, phase): rule} for the first matching rule of each phase, in Python."""
        snapshots = {}
        result = {}
        # the rules found share one prefetch: their fields are read in one query
        prefetch = set()
        for ticket in tickets:
            company_id = ticket.company_id.id or self.env.company.id
            if company_id not in snapshots:
                snapshots[company_id] = self._get_rule_snapshot(company_id)
                prefetch.update(rule[0] for rule in snapshots[company_id])
            snapshot = snapshots[company_id]
            cat_path = (
                frozenset(int(x) for x in ticket.category_id.parent_path.split("/") if x)
                if ticket.category_id
                else frozenset()
            )
            for rule_id, phase, severity, scope, tier, categories, channels, teams in snapshot:
                if phase not in phases or (ticket.id, phase) in result:
                    continue
                if severity and ticket.complaint_severity != severity:
                    continue
                if scope and ticket.complaint_scope_tier != scope:
                    continue
                if tier and ticket.complaint_customer_tier != tier:
                    continue
                if categories and not categories & cat_path:
                    continue
                if channels and ticket.channel_id.id not in channels:
                    continue
                if teams and ticket.team_id.id not in teams:
                    continue
                result[(ticket.id, phase)] = self.browse(rule_id).with_prefetch(prefetch)
        return result

    def _get_calendar(self, ticket):
        """The rule's calendar, else the unit's, else the company's."""
        self.ensure_one()
        return (
            self.calendar_id
            or ticket.team_id.complaint_calendar_id
            or ticket.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

"""Routing rules (归口规则): (category, region, product/service, channel, customer tier, keywords)
→ lead unit, assisting units, responsible person. First match by sequence wins; a default rule
always exists."""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from ..tools import routing


class ComplaintRoutingRule(models.Model):
    _name = "complaint.routing.rule"
    _inherit = ["complaint.cache.mixin"]
    _description = "Complaint Routing Rule"
    _order = "is_default, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    is_default = fields.Boolean(
        string="Default rule", help="Applies when no other rule matches; one must always exist."
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category", string="Categories", help="Sub-categories included."
    )
    region_ids = fields.Many2many(
        "complaint.region", string="Regions", help="Sub-regions included."
    )
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels")
    customer_tier = fields.Selection(
        [("ordinary", "Ordinary"), ("vip", "VIP")], help="Empty: any customer."
    )
    keywords = fields.Char(
        help="Comma-separated words; the rule matches when one of them appears in the title, "
        "description, place or accused party."
    )
    service_keywords = fields.Char(
        string="Product or service", help="Comma-separated words matched in the product/service."
    )
    team_id = fields.Many2one("helpdesk.ticket.team", string="Lead unit", required=True)
    assist_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "complaint_routing_rule_assist_team_rel",
        "rule_id",
        "team_id",
        string="Assisting units",
    )
    assist_instructions = fields.Text()
    assist_days = fields.Integer(
        string="Assisting deadline (days)",
        default=3,
        help="Days the assisting units have to report back.",
    )
    user_id = fields.Many2one("res.users", string="Responsible person")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.model
    def _get_routing_snapshot(self):
        """(sorted pure rules, {id: record}); the pure part is cached until a rule changes."""
        rules = self._get_routing_rules_cached(self.env.company.id)
        return rules, {rule.id: self.browse(rule.id) for rule in rules}

    @api.model
    @tools.ormcache("company_id")
    def _get_routing_rules_cached(self, company_id):
        # sudo: routing applies whatever the registering user may read of the configuration
        records = self.sudo().search(
            [("active", "=", True), ("company_id", "in", [False, company_id])]
        )
        return tuple(
            routing.sort_rules(
                routing.Rule(
                    id=rec.id,
                    sequence=rec.sequence,
                    category_ids=frozenset(rec.category_ids.ids),
                    region_ids=frozenset(rec.region_ids.ids),
                    channel_ids=frozenset(rec.channel_ids.ids),
                    customer_tiers=frozenset([rec.customer_tier] if rec.customer_tier else []),
                    keywords=routing.parse_keywords(rec.keywords),
                    service_keywords=routing.parse_keywords(rec.service_keywords),
                    is_default=rec.is_default,
                )
                for rec in records
            )
        )

    def _get_assist_deadline(self):
        if not self or not self.assist_days:
            return False
        return fields.Date.context_today(self) + timedelta(days=self.assist_days)

    def _check_default_rule_exists(self):
        if not self.search_count([("is_default", "=", True)], limit=1):
            raise UserError(
                self.env._(
                    "At least one active default routing rule must exist: complaints that match "
                    "no other rule go there."
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if {"active", "is_default"} & vals.keys():
            self._check_default_rule_exists()
        return result

    def unlink(self):
        result = super().unlink()
        self._check_default_rule_exists()
        return result

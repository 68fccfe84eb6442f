"""Routing of new complaints: the routing rules matched on each complaint's facts (lead
unit, responsible person), then the routing log and the assisting units' tasks."""
# the routing's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

import logging

from odoo import api, fields, models

from ..tools import routing

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _route_vals(self, vals_list):
        """Routing rules, evaluated in Python on the batch: lead unit, responsible user."""
        Rule = self.env["complaint.routing.rule"]
        rules, by_id = Rule._get_routing_snapshot()
        if not rules:
            return
        lookups = self._get_routing_lookups(vals_list)
        for vals in vals_list:
            if vals.get("team_id"):
                continue
            rule, used_default = routing.match(rules, self._get_routing_facts(vals, lookups))
            category_unit = lookups["category_units"].get(vals.get("category_id"))
            if (not rule or used_default) and category_unit:
                vals["team_id"] = category_unit.id
                continue
            if rule:
                self._apply_routing_rule(vals, by_id[rule.id], used_default)

    @api.model
    def _get_routing_lookups(self, vals_list):
        """What routing needs of the batch's categories, regions and complainants, read once:
        {"category_paths", "region_paths": {id: ids of it and its ancestors},
        "complainant_tiers": {complainant id: customer tier}, "category_units": {id: team}}."""
        categories = self.env["helpdesk.ticket.category"].browse(
            {vals["category_id"] for vals in vals_list if vals.get("category_id")}
        )
        regions = self.env["complaint.region"].browse(
            {vals["complaint_region_id"] for vals in vals_list if vals.get("complaint_region_id")}
        )
        # sudo: the complainant's contact gives the customer tier, which is not confidential
        complainants = (
            self.env["complaint.complainant"]
            .sudo()
            .browse({vals["complainant_id"] for vals in vals_list if vals.get("complainant_id")})
        )
        tiers = {
            p.id: p.commercial_partner_id.complaint_customer_tier or "ordinary"
            for p in complainants.partner_id
        }
        return {
            "category_paths": {
                c.id: frozenset(int(x) for x in c.parent_path.split("/") if x) for c in categories
            },
            "region_paths": {
                r.id: frozenset(int(x) for x in r.parent_path.split("/") if x) for r in regions
            },
            "complainant_tiers": {
                c.id: tiers.get(c.partner_id.id, "ordinary") for c in complainants
            },
            # a category's default lead unit (its own or its nearest ancestor's) comes before
            # the default rule, after every explicit rule
            "category_units": {c.id: c._get_complaint_team() for c in categories},
        }

    @api.model
    def _get_routing_facts(self, vals, lookups):
        """The facts of one complaint's values that the routing rules match on."""
        return routing.Facts(
            category_path=lookups["category_paths"].get(vals.get("category_id"), frozenset()),
            region_path=lookups["region_paths"].get(vals.get("complaint_region_id"), frozenset()),
            channel_id=vals.get("channel_id"),
            customer_tier=vals.get("complaint_customer_tier")
            or lookups["complainant_tiers"].get(vals.get("complainant_id"), "ordinary"),
            text=" ".join(
                str(vals.get(key) or "")
                for key in (
                    "name",
                    "description",
                    "complaint_event_location",
                    "complaint_accused_party",
                )
            ),
            service=vals.get("complaint_product_service") or "",
        )

    @api.model
    def _apply_routing_rule(self, vals, record, used_default):
        """Give the complaint's values the lead unit (and person) of the matched rule."""
        vals["team_id"] = record.team_id.id
        # an empty responsible person sent by the form is not a choice
        if record.user_id and not vals.get("user_id"):
            vals["user_id"] = record.user_id.id
        vals["complaint_routing_rule_id"] = record.id
        vals["complaint_routed_by_default"] = used_default
        if used_default:
            _logger.info(
                "No routing rule matched complaint %r: default rule %s applied",
                vals.get("name"),
                record.display_name,
            )

    def _create_routing_records(self):
        log_vals, task_vals = [], []
        now = fields.Datetime.now()
        for ticket in self.filtered("team_id"):
            log_vals.append(
                {
                    "ticket_id": ticket.id,
                    "kind": "routing",
                    "to_team_id": ticket.team_id.id,
                    "rule_id": ticket.complaint_routing_rule_id.id,
                    "reason": ticket.complaint_routing_rule_id.name
                    or (
                        self.env._("Default unit of the category")
                        if ticket.team_id == ticket.category_id._get_complaint_team()
                        else self.env._("Chosen at registration")
                    ),
                    "date": now,
                }
            )
            rule = ticket.complaint_routing_rule_id
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
            # sudo: the assignment trail is read-only for every group; only routing writes it
            self.env["complaint.assignment"].sudo().create(log_vals)
        if task_vals:
            # sudo: the registering officer creates tasks for units they are not a member of
            self.env["complaint.assist.task"].sudo().create(task_vals)

"""The routing matrix on real records: precedence by sequence, every kind of condition, the
default rule (logged), and what a match leaves behind (log entry, responsible person, assisting
tasks)."""

import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import ComplaintCase


class TestRoutingMatrix(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["complaint.routing.rule"]
        # only this test's rules and the shipped default rule take part
        Rule.search([("is_default", "=", False)]).active = False
        Team = cls.env["helpdesk.ticket.team"]
        cls.gas_unit, cls.vip_unit, cls.north_unit, cls.hotline_unit, cls.meter_unit = (
            Team.create({"name": name})
            for name in ("Gas safety", "Key accounts", "North branch", "Hotline desk", "Meters")
        )
        cls.assist_unit = Team.create({"name": "Network repair"})
        Category = cls.env["helpdesk.ticket.category"]
        cls.service = Category.create({"name": "Matrix service"})
        cls.service_fees = Category.create({"name": "Fees", "parent_id": cls.service.id})
        cls.other = Category.create({"name": "Matrix other"})
        Region = cls.env["complaint.region"]
        cls.north = Region.create({"name": "North"})
        cls.north_town = Region.create({"name": "Harbour town", "parent_id": cls.north.id})
        cls.south = Region.create({"name": "South"})
        cls.hotline = cls.env.ref("complaint_management.channel_hotline")
        cls.letter = cls.env.ref("complaint_management.channel_letter")
        cls.vip = cls.env["res.partner"].create(
            {"name": "Key customer", "complaint_customer_tier": "vip"}
        )
        cls.key_manager = cls.officer
        cls.rule_keywords = Rule.create(
            {
                "name": "Gas words",
                "sequence": 5,
                "keywords": "燃气, gas leak",
                "team_id": cls.gas_unit.id,
            }
        )
        cls.rule_vip = Rule.create(
            {
                "name": "VIP customers",
                "sequence": 10,
                "customer_tier": "vip",
                "team_id": cls.vip_unit.id,
                "user_id": cls.key_manager.id,
            }
        )
        cls.rule_region = Rule.create(
            {
                "name": "North region",
                "sequence": 20,
                "region_ids": [(6, 0, cls.north.ids)],
                "team_id": cls.north_unit.id,
                "assist_team_ids": [(6, 0, cls.assist_unit.ids)],
                "assist_instructions": "Check the mains",
                "assist_days": 2,
            }
        )
        cls.rule_category_channel = Rule.create(
            {
                "name": "Service by hotline",
                "sequence": 30,
                "category_ids": [(6, 0, cls.service.ids)],
                "channel_ids": [(6, 0, cls.hotline.ids)],
                "team_id": cls.hotline_unit.id,
            }
        )
        cls.rule_service = Rule.create(
            {
                "name": "Smart meters",
                "sequence": 40,
                "service_keywords": "smart meter, 智能电表",
                "team_id": cls.meter_unit.id,
            }
        )
        cls.default_rule = cls.env.ref("complaint_management.routing_rule_default")

    def _register(self, **vals):
        return self.env["helpdesk.ticket"].create(
            {
                "name": vals.pop("name", "Complaint"),
                "description": vals.pop("description", "<p>Nothing special</p>"),
                "is_complaint": True,
                "category_id": vals.pop("category_id", self.other.id),
                **vals,
            }
        )

    def test_lowest_sequence_wins_when_several_rules_match(self):
        ticket = self._register(
            description="<p>燃气味道很重</p>",
            partner_id=self.vip.id,
            complaint_region_id=self.north.id,
            category_id=self.service.id,
            channel_id=self.hotline.id,
        )
        self.assertEqual(ticket.complaint_routing_rule_id, self.rule_keywords)
        self.assertEqual(ticket.team_id, self.gas_unit)
        # moving the keyword rule behind the VIP rule changes the outcome of the same complaint
        self.rule_keywords.sequence = 15
        again = self._register(
            description="<p>燃气味道很重</p>",
            partner_id=self.vip.id,
            complaint_region_id=self.north.id,
        )
        self.assertEqual(again.complaint_routing_rule_id, self.rule_vip)

    def test_keywords_match_in_the_title_place_or_accused_party(self):
        for field, text in (
            ("name", "Gas leak in the stairwell"),
            ("complaint_event_location", "燃气表房"),
            ("complaint_accused_party", "燃气公司抢修队"),
        ):
            with self.subTest(field=field):
                ticket = self._register(**{field: text})
                self.assertEqual(ticket.team_id, self.gas_unit)
        self.assertEqual(
            self._register(name="Water leak").complaint_routing_rule_id, self.default_rule
        )

    def test_vip_customer_goes_to_key_accounts_with_the_responsible_person(self):
        ticket = self._register(partner_id=self.vip.id)
        self.assertEqual(ticket.complaint_customer_tier, "vip")
        self.assertEqual(ticket.team_id, self.vip_unit)
        self.assertEqual(ticket.user_id, self.key_manager)

    def test_sub_region_matches_and_assisting_task_is_created(self):
        ticket = self._register(complaint_region_id=self.north_town.id)
        self.assertEqual(ticket.team_id, self.north_unit)
        task = ticket.complaint_assist_task_ids
        self.assertEqual(task.team_id, self.assist_unit)
        self.assertEqual(task.instructions, "Check the mains")
        self.assertEqual(task.date_deadline, fields.Date.context_today(task) + timedelta(days=2))
        log = ticket.complaint_assignment_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.kind, log.to_team_id, log.rule_id, log.reason),
            ("routing", self.north_unit, self.rule_region, "North region"),
        )
        self.assertEqual(
            self._register(complaint_region_id=self.south.id).complaint_routing_rule_id,
            self.default_rule,
        )

    def test_category_and_channel_must_both_hold(self):
        by_hotline = self._register(category_id=self.service_fees.id, channel_id=self.hotline.id)
        self.assertEqual(by_hotline.team_id, self.hotline_unit, "a sub-category matches its parent")
        by_letter = self._register(category_id=self.service_fees.id, channel_id=self.letter.id)
        self.assertEqual(by_letter.complaint_routing_rule_id, self.default_rule)
        other = self._register(category_id=self.other.id, channel_id=self.hotline.id)
        self.assertEqual(other.complaint_routing_rule_id, self.default_rule)

    def test_product_or_service_words(self):
        ticket = self._register(complaint_product_service="Smart meter, type B")
        self.assertEqual(ticket.team_id, self.meter_unit)

    def test_no_match_goes_to_the_default_rule_and_is_logged(self):
        logger = "odoo.addons.complaint_management.models.helpdesk_ticket_routing"
        # logging.INFO, not "INFO": Odoo gives the name "INFO" to its level 25
        with self.assertLogs(logger, level=logging.INFO) as logs:
            ticket = self._register(name="Unmatched")
        self.assertEqual(ticket.complaint_routing_rule_id, self.default_rule)
        self.assertEqual(ticket.team_id, self.default_rule.team_id)
        self.assertTrue(ticket.complaint_routed_by_default)
        self.assertEqual(ticket.complaint_assignment_ids.rule_id, self.default_rule)
        self.assertTrue(any("No routing rule matched" in line for line in logs.output))

    def test_a_unit_chosen_at_registration_is_kept(self):
        ticket = self._register(description="<p>燃气</p>", team_id=self.north_unit.id)
        self.assertEqual(ticket.team_id, self.north_unit)
        self.assertFalse(ticket.complaint_routing_rule_id)
        self.assertEqual(ticket.complaint_assignment_ids.reason, "Chosen at registration")

    def test_the_default_rule_cannot_be_removed(self):
        with self.assertRaises(UserError):
            self.default_rule.active = False
        self.assertTrue(self.default_rule.active)

    def test_correcting_the_region_before_acceptance_reroutes_and_logs_it(self):
        tickets = self._register(name="Web complaint 1") | self._register(name="Web complaint 2")
        self.assertTrue(all(tickets.mapped("complaint_routed_by_default")))
        officer = tickets.with_user(self.officer)
        officer.write({"complaint_region_id": self.north_town.id})
        self.assertEqual(set(tickets.mapped("team_id")), {self.north_unit})
        for ticket in tickets:
            log = ticket.complaint_assignment_ids.filtered(lambda a: a.kind == "reassign")
            self.assertEqual(log.to_team_id, self.north_unit)
            self.assertIn("Re-routed", log.reason)
        self.assertFalse(any(tickets.mapped("complaint_routed_by_default")))
        # after acceptance a correction no longer moves the complaint by itself
        officer.action_accept()
        officer.write({"complaint_region_id": self.south.id})
        self.assertEqual(set(tickets.mapped("team_id")), {self.north_unit})

    def test_accepting_a_complaint_routed_by_default_routes_it_first(self):
        ticket = self._register(name="Web complaint")
        self.assertTrue(ticket.complaint_routed_by_default)
        # the facts were corrected without a write the guard sees (e.g. an import)
        ticket.sudo().complaint_region_id = self.north
        ticket.with_user(self.officer).action_accept()
        self.assertEqual(ticket.team_id, self.north_unit, "not the intake centre itself")
        self.assertEqual(ticket.complaint_phase, "dispatched")

    def test_reroute_button_is_for_officers(self):
        ticket = self._register(name="Gas leak in the basement")
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).action_reroute()
        ticket.with_user(self.officer).action_reroute()
        self.assertEqual(ticket.team_id, self.gas_unit)

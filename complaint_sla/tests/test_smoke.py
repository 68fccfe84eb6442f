from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form

from odoo.addons.complaint_management.tests.common import ComplaintCase


class TestSlaSmoke(ComplaintCase):
    def test_manager_opens_deadline_rules_menu(self):
        result = self.assertMenuOpens(self.manager, "complaint_sla.complaint_sla_rule_menu")
        self.assertGreaterEqual(result["length"], 8)

    def test_default_rules_ship_for_every_severity(self):
        rules = self.env["complaint.sla.rule"].search([("phase", "=", "resolution")])
        self.assertEqual(set(rules.mapped("severity")), {False, "minor", "important", "major"})

    def test_invalid_rule_is_rejected(self):
        Rule = self.env["complaint.sla.rule"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            Rule.create({"name": "Bad", "phase": "resolution", "duration": 0})
        with self.assertRaises(ValidationError):
            Rule.create({"name": "Bad", "phase": "resolution", "duration": 2, "warning_ratio": 1.5})

    def test_unit_calendar_and_clock_stopping_stage_are_set_on_their_forms(self):
        calendar = self.env["resource.calendar"].create({"name": "Hotline 24/7"})
        with Form(self.env["helpdesk.ticket.team"]) as team:
            team.name = "Hotline"
            self.assertFalse(team.complaint_calendar_id, "empty: the company's calendar")
            team.complaint_calendar_id = calendar
        self.assertEqual(team.record.complaint_calendar_id, calendar)
        with Form(self.env["helpdesk.ticket.stage"]) as stage:
            stage.name = "Waiting for an expert"
            stage.is_complaint_stage = True
            stage.complaint_stops_clock = True
        self.assertTrue(stage.record.complaint_stops_clock)

    def test_complaint_kanban_card_shows_the_deadline_under_the_category(self):
        view = self.env.ref("complaint_management.helpdesk_ticket_view_kanban_complaint")
        result = (
            self.env["helpdesk.ticket"].with_user(self.handler).get_views([(view.id, "kanban")])
        )
        card = etree.fromstring(result["views"]["kanban"]["arch"]).xpath("//t[@t-name='card']")[0]
        deadline = card.xpath(
            "./div[@name='complaint_card_category']"
            "/div/field[@name='complaint_sla_deadline'][@widget='remaining_days']"
        )
        self.assertEqual(len(deadline), 1)
        self.assertIn("complaint_sla_state", result["models"]["helpdesk.ticket"]["fields"])

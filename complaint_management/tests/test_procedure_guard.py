"""The procedure cannot be skipped (SPEC §8, §9): a stage write is the step it stands for, and
the fields that make the trail are not the handler's to rewrite."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import ComplaintCase


class TestProcedureGuard(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["helpdesk.ticket.team"]
        cls.unit = Team.create({"name": "Guard unit", "user_ids": [(6, 0, cls.handler.ids)]})
        cls.other_unit = Team.create({"name": "Guard other unit"})
        cls.stage = {
            phase: cls.env.ref(f"complaint_management.stage_complaint_{phase}")
            for phase in ("new", "dispatched", "in_progress", "replied", "closed", "refused")
        }

    def _complaints(self, count=3, **vals):
        values = {
            "name": "Water pressure low",
            "description": "<p>x</p>",
            "is_complaint": True,
            "team_id": self.unit.id,
            "complainant_name": "钱七",
            "complainant_phone": "13900001111",
        }
        values.update(vals)
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.officer)
            .create([dict(values, name=f"{values['name']} {i}") for i in range(count)])
        )

    def _closure_vals(self):
        return {
            "complaint_result_summary": "Valve replaced",
            "complaint_verdict": "responsible",
            "complaint_cause": "Old valve",
            "complaint_responsible_team_id": self.unit.id,
            "complaint_responsibility_category_id": self.env.ref(
                "complaint_management.responsibility_quality"
            ).id,
            "complaint_corrective_action": "Inspect valves",
            "complaint_reply_method": "phone",
            "complaint_reply_date": "2027-01-04 10:00:00",
        }

    def test_empty_values_from_a_client_count_as_not_given(self):
        tickets = self._complaints(
            stage_id=False, user_id=False, number=False, complaint_received_date=False
        )
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"new"})
        self.assertTrue(all(t.number.startswith("TS") for t in tickets))
        self.assertTrue(all(tickets.mapped("complaint_received_date")))
        self.assertEqual(len(set(tickets.mapped("number"))), 3)

    def test_a_new_complaint_cannot_start_closed(self):
        with self.assertRaises(UserError):
            self._complaints(count=1, stage_id=self.stage["closed"].id)

    def test_stage_write_to_closed_runs_the_closure_checks(self):
        tickets = self._complaints()
        tickets.with_user(self.officer).action_accept()
        tickets.with_user(self.handler).action_start()
        mine = tickets.with_user(self.handler)
        with self.assertRaisesRegex(UserError, "Fill in before closing"):
            mine.write({"stage_id": self.stage["closed"].id})
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"in_progress"})
        # with the closure data in the same write (the form's save), it closes
        mine.write(dict(self._closure_vals(), stage_id=self.stage["closed"].id))
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"closed"})
        self.assertTrue(all(tickets.mapped("closed")))

    def test_stage_write_cannot_skip_steps_or_leave_the_complaint_stages(self):
        tickets = self._complaints()
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        for user in (self.handler, self.officer, self.manager):
            for stage in (done, cancelled, self.stage["replied"], self.stage["refused"]):
                with self.assertRaises(UserError, msg=f"{user.login} {stage.name}"):
                    tickets.with_user(user).write({"stage_id": stage.id})
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"new"})
        # new -> dispatched is acceptance: an officer's step, with its checks
        with self.assertRaises(AccessError):
            tickets.with_user(self.handler).write({"stage_id": self.stage["dispatched"].id})
        tickets.with_user(self.officer).write({"stage_id": self.stage["dispatched"].id})
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"dispatched"})
        self.assertTrue(all(tickets.mapped("complaint_accepted_date")))

    def test_handler_cannot_rewrite_the_trail(self):
        ticket = self._complaints(count=1)
        ticket.with_user(self.officer).action_accept()
        mine = ticket.with_user(self.handler)
        for vals in (
            {"number": "TS2026-999999"},
            {"complaint_received_date": "2027-01-01 00:00:00"},
            {"complaint_first_contact_user_id": self.handler.id},
            {"complaint_reopen_count": 0},
            {"complaint_is_confidential": True},
            {"complaint_is_anonymous": True},
            {"team_id": self.other_unit.id},
            {"active": False},
            {"complaint_severity": "minor"},
            {"complainant_phone": "13900002222"},
            {"partner_name": "someone else"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                mine.write(vals)
        # the content stays the handler's to work
        mine.write({"complaint_accused_party": "Pump station 3", "complaint_promise_broken": True})
        self.assertEqual(ticket.complaint_severity, "major")

    def test_officer_changes_are_logged(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))
        tickets = self._complaints(count=2)
        self.env.flush_all()
        self.env.cr.precommit.run()
        officer = tickets.with_user(self.officer)
        officer.write({"team_id": self.other_unit.id})
        for ticket in tickets:
            log = ticket.complaint_assignment_ids.filtered(lambda a: a.kind == "reassign")
            self.assertEqual(log.to_team_id, self.other_unit)
            self.assertEqual(log.from_team_id, self.unit)
        officer.write(
            {"complaint_is_confidential": True, "complaint_received_date": "2026-12-30 09:00:00"}
        )
        officer.write({"complainant_phone": "13900003333"})
        self.env.flush_all()
        self.env.cr.precommit.run()  # mail tracking is written when the transaction commits
        self.env.invalidate_all()
        for ticket in tickets:
            tracked = ticket.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
            self.assertIn("complaint_is_confidential", tracked)
            self.assertIn("complaint_received_date", tracked)
            note = ticket.message_ids.filtered(lambda m: "contact details" in (m.body or ""))
            self.assertTrue(note)
            self.assertNotIn("13900003333", note.body, "the trail does not carry the identity")
            self.assertEqual(ticket.complainant_phone, "13900003333")

    def test_rule_responsible_person_applies_when_the_form_sends_no_one(self):
        rule = self.env["complaint.routing.rule"].create(
            {
                "name": "Guard rule",
                "sequence": 1,
                "keywords": "guardword",
                "team_id": self.unit.id,
                "user_id": self.handler.id,
            }
        )
        tickets = self._complaints(count=2, name="guardword pressure", team_id=False, user_id=False)
        self.assertEqual(tickets.complaint_routing_rule_id, rule)
        self.assertEqual(set(tickets.mapped("user_id")), {self.handler})

    def test_number_year_is_the_local_year_without_a_user_time_zone(self):
        self.officer.tz = False
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        # 23:30 UTC on 31 December is 07:30 on 1 January in Beijing
        with freeze_time("2026-12-31 23:30:00"):
            tickets = self._complaints(count=2)
        self.assertTrue(
            all(t.number.startswith("TS2027-") for t in tickets), tickets.mapped("number")
        )
        with freeze_time("2026-12-31 15:00:00"):
            earlier = self._complaints(count=1)
        self.assertTrue(earlier.number.startswith("TS2026-"))

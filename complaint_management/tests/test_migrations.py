"""Migration scripts, run as functions on a database put back in the state they migrate from."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import load_migration

# the version of the field prefix migration of each addon
PREFIX_VERSIONS = {
    "complaint_management": "19.0.1.3.0",
    "complaint_survey": "19.0.1.1.0",
    "complaint_sla": "19.0.2.2.0",
}


def load_migration_of(module, name):
    return load_migration(module, PREFIX_VERSIONS[module], name)


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    def test_19_0_1_2_0_the_shipped_office_address_registers_complaints_again(self):
        office = self.env.ref("complaint_management.team_complaint_office")
        alias = office.alias_id
        self.assertTrue(alias)
        # a database installed before the flag: noupdate data kept the alias of plain tickets
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket_team SET complaint_mail_intake = NULL WHERE id = %s",
                office.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE mail_alias SET alias_defaults = %s WHERE id = %s",
                repr({"team_id": office.id}),
                alias.id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(office.complaint_mail_intake)
        migration = load_migration("complaint_management", "19.0.1.2.0", "post-migrate")
        for _run in range(2):  # an interrupted update runs it again
            migration.migrate(self.env.cr, "19.0.1.1.0")
            self.env.invalidate_all()
            self.assertTrue(office.complaint_mail_intake)
            self.assertIn("'is_complaint': True", alias.alias_defaults)
            self.assertIn(f"'team_id': {office.id}", alias.alias_defaults)


DOMAIN = "[('complaint_severity', '=', 'major'), ('category_id.complaint_code', '!=', False)]"


def _reversed(renames):
    return {model: {new: old for old, new in names.items()} for model, names in renames.items()}


@tagged("post_install", "-at_install")
class TestFieldPrefixMigration(TransactionCase):
    """19.0.1.3.0 (and complaint_survey 19.0.1.1.0): a database of the old names keeps its data."""

    def _stored(self, record, column):
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE id = %s",
                SQL.identifier(column),
                SQL.identifier(record._table),
                record.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _active_views(self):
        self.env.cr.execute(
            SQL(
                """SELECT v.id FROM ir_ui_view v JOIN ir_model_data d
                      ON d.model = 'ir.ui.view' AND d.res_id = v.id
                   WHERE d.module LIKE 'complaint%%' AND v.mode = 'extension' AND v.active"""
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _scripts(self):
        """(addon, pre-migrate script) of the addons that rename fields, as installed."""
        scripts = [
            ("complaint_management", load_migration_of("complaint_management", "pre-migrate"))
        ]
        survey = self.env["ir.module.module"].search(
            [("name", "=", "complaint_survey"), ("state", "=", "installed")]
        )
        if survey:
            scripts.append(
                ("complaint_survey", load_migration_of("complaint_survey", "pre-migrate"))
            )
        return scripts

    def test_19_0_1_3_0_old_columns_keep_values_tracking_and_saved_filters(self):
        Ticket = self.env["helpdesk.ticket"].with_context(tracking_disable=False)
        region = self.env["complaint.region"].create({"name": "Pudong 2027", "code": "P27"})
        tickets = Ticket.create(
            [
                {
                    "name": f"Migrated {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "complaint_severity": severity,
                    "complaint_region_id": region.id,
                    "complaint_event_location": f"Building {i}",
                    "complaint_received_date": f"2027-03-0{i + 1} 09:00:00",
                }
                for i, severity in enumerate(("major", "important", "minor"))
            ]
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # mail tracking is written when the transaction commits
        tickets[0].complaint_scope_tier = "national"  # a tracked change
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.res_id", "=", tickets[0].id),
                    ("mail_message_id.model", "=", "helpdesk.ticket"),
                ]
            )
            .filtered(lambda v: v.field_id.name == "complaint_scope_tier")
        )
        self.assertTrue(tracking)
        saved = self.env["ir.filters"].create(
            {
                "name": "Major ones 2027",
                "model_id": "helpdesk.ticket",
                "domain": DOMAIN,
                "context": "{'group_by': ['complaint_region_id']}",
                "sort": '["complaint_received_date desc"]',
            }
        )
        scripts = self._scripts()
        if len(scripts) > 1:
            tickets[1].sudo().write({"complaint_satisfaction": "satisfied"})
        self.env.flush_all()
        # the database as 19.0.1.2.0 left it: old columns, field records and ids, old filters
        helper = scripts[0][1].load_field_rename()
        for module, script in scripts:
            helper.rename_fields(self.env.cr, module, _reversed(script.RENAMES))
        self.env.cr.execute(SQL("SELECT domain FROM ir_filters WHERE id = %s", saved.id))
        self.assertIn("'severity'", self.env.cr.fetchone()[0])
        # noupdate data is not reloaded: the record rules and mail templates follow
        rule = self.env.ref("complaint_management.helpdesk_ticket_rule_group_complaint_user")
        template = self.env.ref("complaint_management.mail_template_complaint_refused")
        self.assertIn("'first_contact_user_id'", self._stored(rule, "domain_force"))
        self.assertIn("object.refusal_note", self._stored(template, "body_html")["en_US"])
        views_on = self._active_views()
        self.assertTrue(helper.sql.column_exists(self.env.cr, "helpdesk_ticket", "severity"))
        for _run in range(2):  # an interrupted update runs the scripts again
            for _module, script in scripts:
                script.migrate(self.env.cr, "19.0.1.2.0")
            # complaint_sla renames nothing; its views name complaint_management's fields
            load_migration_of("complaint_sla", "pre-migrate").migrate(self.env.cr, "19.0.2.1.0")
        # while Odoo reloads the views, the addons' extension views are off; then on again
        self.assertFalse(self._active_views() & views_on)
        for module in [module for module, _script in scripts] + ["complaint_sla"]:
            load_migration_of(module, "post-migrate").migrate(self.env.cr, "19.0.1.2.0")
        self.assertEqual(self._active_views(), views_on)
        self.assertIn("'complaint_first_contact_user_id'", self._stored(rule, "domain_force"))
        body = self._stored(template, "body_html")["en_US"]
        self.assertIn("object.complaint_refusal_note", body)
        self.assertNotIn("object.refusal_note", body)
        self.env.invalidate_all()
        self.assertFalse(helper.sql.column_exists(self.env.cr, "helpdesk_ticket", "severity"))
        self.assertEqual(tickets.mapped("complaint_severity"), ["major", "important", "minor"])
        self.assertEqual(tickets.complaint_region_id, region)
        self.assertEqual(
            tickets.mapped("complaint_event_location"), ["Building 0", "Building 1", "Building 2"]
        )
        self.assertEqual(tickets[0].complaint_scope_tier, "national")
        self.assertEqual(tracking.field_id.name, "complaint_scope_tier", "tracking stays attached")
        self.assertEqual(
            self.env.ref("complaint_management.field_helpdesk_ticket__complaint_severity").name,
            "complaint_severity",
        )
        self.assertEqual(saved.domain, DOMAIN)
        self.assertEqual(saved.context, "{'group_by': ['complaint_region_id']}")
        self.assertEqual(saved.sort, '["complaint_received_date desc"]')
        if len(scripts) > 1:
            self.assertEqual(tickets[1].sudo().complaint_satisfaction, "satisfied")
            self.assertEqual(
                self.env.ref("complaint_survey.field_helpdesk_ticket__complaint_satisfaction").name,
                "complaint_satisfaction",
            )

"""Migration scripts, run as functions on a database put back in the state they migrate from."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def load_migration(version, name="post-migrate"):
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"complaint_migration_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        migration = load_migration("19.0.1.2.0")
        for _run in range(2):  # an interrupted update runs it again
            migration.migrate(self.env.cr, "19.0.1.1.0")
            self.env.invalidate_all()
            self.assertTrue(office.complaint_mail_intake)
            self.assertIn("'is_complaint': True", alias.alias_defaults)
            self.assertIn(f"'team_id': {office.id}", alias.alias_defaults)

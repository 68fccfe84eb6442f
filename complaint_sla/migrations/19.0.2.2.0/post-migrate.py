"""19.0.2.2.0: the extension views that pre-migrate switched off are on again, reloaded."""

from odoo.addons.complaint_management import field_rename


def migrate(cr, version):
    field_rename.switch_views_on(cr, "complaint_sla")

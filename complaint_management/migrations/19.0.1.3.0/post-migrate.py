"""19.0.1.3.0: the extension views that pre-migrate switched off, for Odoo to reload them one by
one without validating them beside their still old-named siblings, are on again."""

from odoo.addons.complaint_management import field_rename


def migrate(cr, version):
    # the addon's package is loaded by now (unlike in pre-migrate)
    field_rename.switch_views_on(cr, "complaint_management")

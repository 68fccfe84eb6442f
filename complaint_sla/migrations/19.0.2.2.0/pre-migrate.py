"""19.0.2.2.0: complaint_management 19.0.1.3.0 renamed its fields on helpdesk's models
(``severity`` is ``complaint_severity``, ...). Our views name them: they are switched off while
Odoo reloads them one by one, so that none is validated beside a sibling still old-named
(post-migrate switches them on again). Our record rules were renamed by complaint_management."""

from odoo.addons.complaint_management import field_rename


def migrate(cr, version):
    field_rename.switch_views_off(cr, "complaint_sla")

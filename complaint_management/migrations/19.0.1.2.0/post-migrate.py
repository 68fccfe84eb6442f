"""19.0.1.2.0: the shipped complaint office registers complaints by e-mail.

Its record is noupdate data, so a database installed before the flag existed keeps a
``complaints@`` alias that creates plain tickets; the flag is set here, which rewrites the alias
defaults (``is_complaint``) through the unit's write."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    office = env.ref("complaint_management.team_complaint_office", raise_if_not_found=False)
    if not office:
        return
    defaults = office.alias_id.alias_defaults or ""
    # run twice, it changes nothing the second time
    if not office.complaint_mail_intake or (office.alias_id and "is_complaint" not in defaults):
        office.complaint_mail_intake = True

"""19.0.1.1.0: the extension views that pre-migrate switched off are on again, reloaded.

Callback survey links were shortened through ``link.tracker`` before (readable by every
employee, and each link answers as the complainant): the short links of callbacks' answers are
deleted; SMS sent since carry the whole link."""

from odoo.tools import SQL, sql

from odoo.addons.complaint_management import field_rename


def _delete_callback_short_links(cr):
    if not sql.table_exists(cr, "link_tracker"):
        return
    cr.execute(
        SQL(
            """DELETE FROM link_tracker l
                USING complaint_callback c JOIN survey_user_input i ON i.id = c.user_input_id
                WHERE i.access_token IS NOT NULL
                  AND strpos(l.url, 'answer_token=' || i.access_token) > 0"""
        )
    )


def migrate(cr, version):
    field_rename.switch_views_on(cr, "complaint_survey")
    _delete_callback_short_links(cr)

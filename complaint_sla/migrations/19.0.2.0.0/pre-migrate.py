"""19.0.2.0.0: our fields on helpdesk's shared models take the ``complaint_`` prefix, so that OCA
siblings no longer merge with them (helpdesk_mgmt_sla defines ``helpdesk.ticket.sla_deadline`` and
``helpdesk.ticket.team.resource_calendar_id`` too).

A field only we define is renamed in place: its column, index, field record and external ids, so
that values, tracking history and translations stay. A field another installed addon defines as
well stays theirs: our new field gets its own column, copied from the old one, or left for the
ORM to compute when the field is computed (the shared column may hold the other addon's value).
"""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

MODULE = "complaint_sla"
RENAMES = {
    "helpdesk.ticket": {
        "sla_deadline": "complaint_sla_deadline",
        "sla_state": "complaint_sla_state",
        "sla_deadline_provisional": "complaint_sla_deadline_provisional",
        "sla_provisional_note": "complaint_sla_provisional_note",
        "extension_count": "complaint_extension_count",
        "clock_ids": "complaint_clock_ids",
        "extension_ids": "complaint_extension_ids",
        "supervision_ids": "complaint_supervision_ids",
        "supervision_count": "complaint_supervision_count",
        "flag_ids": "complaint_flag_ids",
    },
    "helpdesk.ticket.team": {"resource_calendar_id": "complaint_calendar_id"},
    "helpdesk.ticket.stage": {"stops_clock": "complaint_stops_clock"},
}
# stored and computed: when shared, the ORM computes the new column from the clocks
COMPUTED = {"sla_deadline", "sla_deadline_provisional"}


def _field(cr, model, name):
    """(id, shared with another module) of the field record, or None."""
    cr.execute(
        SQL(
            """SELECT f.id, EXISTS (
                   SELECT 1 FROM ir_model_data d
                    WHERE d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module != %s)
                 FROM ir_model_fields f WHERE f.model = %s AND f.name = %s""",
            MODULE,
            model,
            name,
        )
    )
    return cr.fetchone()


def _xmlid(model, name):
    return f"field_{model.replace('.', '_')}__{name}"


def _rename_in_place(cr, model, table, old, new, field_id):
    if sql.column_exists(cr, table, old):
        sql.rename_column(cr, table, old, new)
        cr.execute(
            SQL(
                "ALTER INDEX IF EXISTS %s RENAME TO %s",
                SQL.identifier(sql.make_index_name(table, old)),
                SQL.identifier(sql.make_index_name(table, new)),
            )
        )
    cr.execute(SQL("UPDATE ir_model_fields SET name = %s WHERE id = %s", new, field_id))
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND model = %s AND name = %s",
            _xmlid(model, new),
            MODULE,
            "ir.model.fields",
            _xmlid(model, old),
        )
    )
    # selection values: selection__<model>__<field>__<value>
    prefix = f"selection__{table}__"
    cr.execute(
        SQL(
            """UPDATE ir_model_data SET name = %s || substr(name, %s)
                WHERE module = %s AND model = 'ir.model.fields.selection' AND name LIKE %s""",
            f"{prefix}{new}__",
            len(f"{prefix}{old}__") + 1,
            MODULE,
            f"{prefix}{old}\\_\\_%",
        )
    )


def _copy_shared(cr, table, old, new):
    """The other addon keeps the old field and column: ours starts as a copy of it."""
    cr.execute(
        SQL(
            """SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                WHERE a.attrelid = %s::regclass AND a.attname = %s AND NOT a.attisdropped""",
            table,
            old,
        )
    )
    row = cr.fetchone()
    if not row:
        return
    sql.create_column(cr, table, new, row[0])
    cr.execute(
        SQL(
            "UPDATE %s SET %s = %s",
            SQL.identifier(table),
            SQL.identifier(new),
            SQL.identifier(old),
        )
    )


def migrate(cr, version):
    for model, names in RENAMES.items():
        table = model.replace(".", "_")
        for old, new in names.items():
            found = _field(cr, model, old)
            if not found or _field(cr, model, new) or sql.column_exists(cr, table, new):
                continue
            field_id, shared = found
            if not shared:
                _rename_in_place(cr, model, table, old, new, field_id)
                continue
            _logger.info("%s.%s is also another addon's: %s gets its own", model, old, new)
            if old not in COMPUTED:
                _copy_shared(cr, table, old, new)
            # the field record stays the other addon's: only our external id goes
            cr.execute(
                SQL(
                    "DELETE FROM ir_model_data WHERE module = %s AND model = %s AND name = %s",
                    MODULE,
                    "ir.model.fields",
                    _xmlid(model, old),
                )
            )

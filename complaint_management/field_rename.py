"""Renaming our fields on shared models in an existing database, for the pre-migrate scripts of
the suite's addons (not loaded with the addon; imported by ``migrations/*/pre-migrate.py``).

A field only we define is renamed in place: its column and index, its ``ir.model.fields`` record
(so that mail tracking values, selection values, defaults and translations stay attached to
it), and the external ids of the field and of its selection values. A field another installed
addon defines as well stays theirs: ours gets its own column, a copy of the shared one.

Field names stored as data follow: domains, contexts and sort orders of saved filters and
window actions, export lists. Every step finds nothing to do when run a second time.
"""

import json
import logging
import re

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

# relations followed in stored paths ("category_id.code", "ticket_id.complaint_severity")
PATH_COMODELS = {
    ("helpdesk.ticket", "category_id"): "helpdesk.ticket.category",
    ("helpdesk.ticket", "channel_id"): "helpdesk.ticket.channel",
    ("helpdesk.ticket", "parent_id"): "helpdesk.ticket",
    ("helpdesk.ticket", "repeat_of_id"): "helpdesk.ticket",
    ("helpdesk.ticket", "collective_parent_id"): "helpdesk.ticket",
    ("helpdesk.ticket", "collective_child_ids"): "helpdesk.ticket",
    ("helpdesk.ticket", "complaint_repeat_of_id"): "helpdesk.ticket",
    ("helpdesk.ticket", "complaint_collective_parent_id"): "helpdesk.ticket",
    ("helpdesk.ticket", "complaint_collective_child_ids"): "helpdesk.ticket",
    ("helpdesk.ticket.category", "parent_id"): "helpdesk.ticket.category",
}
# our models that point to complaints with ticket_id: their saved filters name ticket fields
TICKET_ID_MODELS = (
    "complaint.assignment",
    "complaint.assist.task",
    "complaint.callback",
    "complaint.clock",
    "complaint.extension",
    "complaint.flag",
    "complaint.outbox",
    "complaint.reply",
    "complaint.report",
    "complaint.supervision",
)
QUOTED_PATH_RE = re.compile(r"""(?P<q>['"])(?P<path>[A-Za-z_][\w.]*)(?P<group>:\w+)?(?P=q)""")
SORT_RE = re.compile(r"[A-Za-z_][\w.]*")


def _xmlid(model, name):
    return f"field_{model.replace('.', '_')}__{name}"


def _field(cr, module, model, name):
    """(id, shared with another module) of the field record, or None."""
    cr.execute(
        SQL(
            """SELECT f.id, EXISTS (
                   SELECT 1 FROM ir_model_data d
                    WHERE d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module != %s)
                 FROM ir_model_fields f WHERE f.model = %s AND f.name = %s""",
            module,
            model,
            name,
        )
    )
    return cr.fetchone()


def _rename_in_place(cr, module, model, old, new, field_id):
    table = model.replace(".", "_")
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
            module,
            "ir.model.fields",
            _xmlid(model, old),
        )
    )
    # selection values: selection__<table>__<field>__<value>
    prefix = f"selection__{table}__"
    cr.execute(
        SQL(
            """UPDATE ir_model_data SET name = %s || substr(name, %s)
                WHERE module = %s AND model = 'ir.model.fields.selection' AND name LIKE %s""",
            f"{prefix}{new}__",
            len(f"{prefix}{old}__") + 1,
            module,
            f"{prefix}{old}\\_\\_%",
        )
    )


def _copy_shared(cr, model, old, new):
    """Another addon keeps the old field and column: ours starts as a copy of it."""
    table = model.replace(".", "_")
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


def rename_fields(cr, module, renames, computed=frozenset()):
    """Rename the fields ``renames`` = {model: {old: new}} of ``module`` and the field names
    stored as data. A shared field named in ``computed`` (stored and computed) is not copied:
    the ORM computes our new column, as the shared one may hold the other addon's value."""
    done = {}
    for model, names in renames.items():
        table = model.replace(".", "_")
        for old, new in names.items():
            found = _field(cr, module, model, old)
            if not found or _field(cr, module, model, new) or sql.column_exists(cr, table, new):
                continue  # not installed, or renamed by an earlier run
            field_id, shared = found
            done.setdefault(model, {})[old] = new
            if not shared:
                _rename_in_place(cr, module, model, old, new, field_id)
                continue
            _logger.info("%s.%s is also another addon's: %s gets its own", model, old, new)
            if old not in computed:
                _copy_shared(cr, model, old, new)
            # the field record stays the other addon's: only our external id goes
            cr.execute(
                SQL(
                    "DELETE FROM ir_model_data WHERE module = %s AND model = %s AND name = %s",
                    module,
                    "ir.model.fields",
                    _xmlid(model, old),
                )
            )
    rename_stored_names(cr, renames)
    return done


# ----------------------------------------------------------------------------------------------
# Field names stored as data
# ----------------------------------------------------------------------------------------------


def rename_path(renames, model, path, sep="."):
    """``path`` (``category_id.code``) with its renamed segments, starting at ``model``."""
    segments = path.split(sep)
    result = []
    for segment in segments:
        new = renames.get(model, {}).get(segment, segment) if model else segment
        result.append(new)
        if model in TICKET_ID_MODELS and segment == "ticket_id":
            model = "helpdesk.ticket"
        else:
            model = PATH_COMODELS.get((model, segment)) or PATH_COMODELS.get((model, new))
    return sep.join(result)


def rename_in_expression(renames, model, text):
    """Quoted field paths of a domain or context (``'severity'``, ``"category_id.code"``,
    ``'received_date:month'``) renamed; anything else unchanged."""
    if not text:
        return text

    def replace(match):
        path = rename_path(renames, model, match.group("path"))
        return f"{match.group('q')}{path}{match.group('group') or ''}{match.group('q')}"

    return QUOTED_PATH_RE.sub(replace, text)


def rename_in_sort(renames, model, text):
    """A sort order (``received_date desc, id``) or a JSON list of orders."""
    if not text:
        return text
    if text.startswith("["):
        try:
            orders = json.loads(text)
        except ValueError:
            return text
        return json.dumps([rename_in_sort(renames, model, order) for order in orders])
    return SORT_RE.sub(lambda m: rename_path(renames, model, m.group(0)), text)


def _models_reading(renames):
    """Models whose stored domains may name the renamed fields."""
    return sorted(set(renames) | set(TICKET_ID_MODELS))


def rename_stored_names(cr, renames):
    models = _models_reading(renames)
    cr.execute(
        SQL(
            "SELECT id, model_id, domain, context, sort FROM ir_filters WHERE model_id IN %s",
            tuple(models),
        )
    )
    for fid, model, domain, context, sort in cr.fetchall():
        new = (
            rename_in_expression(renames, model, domain),
            rename_in_expression(renames, model, context),
            rename_in_sort(renames, model, sort),
        )
        if new != (domain, context, sort):
            cr.execute(
                SQL(
                    "UPDATE ir_filters SET domain = %s, context = %s, sort = %s WHERE id = %s",
                    *new,
                    fid,
                )
            )
    cr.execute(
        SQL(
            "SELECT id, res_model, domain, context FROM ir_act_window WHERE res_model IN %s",
            tuple(models),
        )
    )
    for aid, model, domain, context in cr.fetchall():
        new = (
            rename_in_expression(renames, model, domain),
            rename_in_expression(renames, model, context),
        )
        if new != (domain, context):
            cr.execute(
                SQL("UPDATE ir_act_window SET domain = %s, context = %s WHERE id = %s", *new, aid)
            )
    if sql.table_exists(cr, "ir_exports_line"):
        cr.execute(
            SQL(
                """SELECT l.id, e.resource, l.name FROM ir_exports_line l
                     JOIN ir_exports e ON e.id = l.export_id WHERE e.resource IN %s""",
                tuple(models),
            )
        )
        for lid, model, name in cr.fetchall():
            new = rename_path(renames, model, name or "", sep="/")
            if new != name:
                cr.execute(SQL("UPDATE ir_exports_line SET name = %s WHERE id = %s", new, lid))
    _rename_in_rules(cr, renames, models)
    _rename_in_mail_templates(cr, renames, models)


def _rename_in_rules(cr, renames, models):
    """Record rules are shipped as noupdate data: their domains are not reloaded."""
    cr.execute(
        SQL(
            """SELECT r.id, m.model, r.domain_force FROM ir_rule r
                 JOIN ir_model m ON m.id = r.model_id WHERE m.model IN %s""",
            tuple(models),
        )
    )
    for rid, model, domain in cr.fetchall():
        new = rename_in_expression(renames, model, domain)
        if new != domain:
            cr.execute(SQL("UPDATE ir_rule SET domain_force = %s WHERE id = %s", new, rid))


OBJECT_PATH_RE = re.compile(r"\bobject\.(?P<path>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
TEMPLATE_COLUMNS = ("subject", "body_html", "email_to", "email_cc", "partner_to", "lang")


def rename_object_paths(renames, model, text):
    """``object.refusal_note`` of a mail template's expressions renamed; anything else unchanged."""
    if not text:
        return text
    return OBJECT_PATH_RE.sub(
        lambda m: "object." + rename_path(renames, model, m.group("path")), text
    )


def _rename_in_mail_templates(cr, renames, models):
    """Mail templates are shipped as noupdate data: ``object.<field>`` in every language."""
    if not sql.table_exists(cr, "mail_template"):
        return
    columns = [c for c in TEMPLATE_COLUMNS if sql.column_exists(cr, "mail_template", c)]
    cr.execute(
        SQL(
            "SELECT id, model, %s FROM mail_template WHERE model IN %s",
            SQL(", ").join(SQL.identifier(c) for c in columns),
            tuple(models),
        )
    )
    for tid, model, *values in cr.fetchall():
        changes = {}
        for column, value in zip(columns, values, strict=True):
            if isinstance(value, dict):  # translated: {lang: text}
                new = {
                    lang: rename_object_paths(renames, model, text) for lang, text in value.items()
                }
                if new != value:
                    changes[column] = json.dumps(new)
            elif isinstance(value, str):
                new = rename_object_paths(renames, model, value)
                if new != value:
                    changes[column] = new
        if changes:
            cr.execute(
                SQL(
                    "UPDATE mail_template SET %s WHERE id = %s",
                    SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(column), value)
                        for column, value in changes.items()
                    ),
                    tid,
                )
            )


# ----------------------------------------------------------------------------------------------
# Views during the update
# ----------------------------------------------------------------------------------------------
# Odoo validates a view it reloads together with the active views that extend it from the same
# addon, which still have their old arch (old field names) until their own record is reloaded.
# The pre-migrate script switches the addon's extension views off, the post-migrate script
# switches back on those it switched off: by then each has its new arch from the addon's files.


def _views_param(module):
    return f"{module}.migration_views_switched_off"


def switch_views_off(cr, module):
    cr.execute(
        SQL(
            """UPDATE ir_ui_view v SET active = FALSE FROM ir_model_data d
                WHERE d.model = 'ir.ui.view' AND d.res_id = v.id AND d.module = %s
                  AND v.mode = 'extension' AND v.active RETURNING v.id""",
            module,
        )
    )
    ids = sorted(row[0] for row in cr.fetchall())
    if not ids:
        return
    cr.execute(
        SQL(
            """INSERT INTO ir_config_parameter (key, value, create_date, write_date)
               VALUES (%s, %s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
            _views_param(module),
            json.dumps(ids),
        )
    )


def switch_views_on(cr, module):
    cr.execute(
        SQL("DELETE FROM ir_config_parameter WHERE key = %s RETURNING value", _views_param(module))
    )
    row = cr.fetchone()
    if row:
        cr.execute(
            SQL("UPDATE ir_ui_view SET active = TRUE WHERE id IN %s", tuple(json.loads(row[0])))
        )

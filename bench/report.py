"""XLSX ledger export and pivot totals at scale, beside Odoo's own list export.

Generates N complaints (set-based SQL insert of realistic rows), then measures:
* our export wizard (ledger + summaries, xlsxwriter constant-memory) — time and peak memory
  growth of this process;
* Odoo's list export to XLSX of the same ledger columns (`/web/export/xlsx`'s code path:
  `export_data` + the XLSX writer of the web module) — time and memory;
* pivot totals by unit × month through `formatted_read_group` on complaint.report.

    setup/bench report [--size 100000]
"""

import argparse
import resource
import time
from datetime import date

from _odoo import env_cursor, environment

from odoo.tools import SQL


def seed(env, size):
    cr = env.cr
    teams = env["helpdesk.ticket.team"].search([], limit=8).ids
    categories = env["helpdesk.ticket.category"].search([], limit=12).ids
    channels = env["helpdesk.ticket.channel"].search([], limit=8).ids
    stages = [
        env.ref(f"complaint_management.stage_complaint_{x}").id
        for x in ("new", "in_progress", "replied", "closed", "closed", "closed")
    ]
    # the identity is on complaint.complainant (one per complaint, as the intake makes them):
    # the ledger's complainant columns read it; ids are drawn first so both inserts agree
    cr.execute(
        SQL(
            """
            WITH src AS MATERIALIZED (
                SELECT g, nextval('complaint_complainant_id_seq') AS complainant_id
                  FROM generate_series(1, %(size)s) g
            ), complainants AS (
                INSERT INTO complaint_complainant (id, name, phone, create_date, write_date)
                SELECT complainant_id, '投诉人' || g,
                       '+86 138 ' || lpad((g %% 10000)::text, 4, '0') || ' 0000', now(), now()
                  FROM src
            )
            INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id,
                is_complaint, active, priority, team_id, category_id, channel_id,
                complaint_severity,
                complaint_scope_tier, complaint_customer_tier, complaint_event_location,
                complaint_accused_party, complainant_id,
                complaint_received_date, create_date, write_date)
            SELECT 'RPT' || lpad(g::text, 8, '0'), '投诉 ' || g, '<p>bench</p>', %(company)s,
                   (%(stages)s::int[])[1 + g %% 6], TRUE, TRUE, '1',
                   (%(teams)s::int[])[1 + g %% %(nt)s], (%(cats)s::int[])[1 + g %% %(nc)s],
                   (%(chans)s::int[])[1 + g %% %(nch)s],
                   (ARRAY['minor','important','major'])[1 + g %% 3], 'local', 'ordinary',
                   '地点' || (g %% 50), '单位' || (g %% 30), complainant_id,
                   timestamp '2025-01-01' + (g %% 700) * interval '1 day',
                   now(), now()
              FROM src
            """,
            company=env.company.id,
            stages=stages,
            teams=teams,
            nt=len(teams),
            cats=categories,
            nc=len(categories),
            chans=channels,
            nch=len(channels),
            size=size,
        )
    )
    cr.execute(
        SQL(
            "UPDATE helpdesk_ticket SET complaint_phase = s.complaint_phase FROM "
            "helpdesk_ticket_stage s WHERE s.id = helpdesk_ticket.stage_id AND is_complaint"
        )
    )
    cr.execute(SQL("ANALYZE helpdesk_ticket"))
    cr.execute(SQL("ANALYZE complaint_complainant"))


def _max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(fn):
    """(result, seconds, growth of the process's peak memory in MB)."""
    before = _max_rss_mb()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    return result, seconds, _max_rss_mb() - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    registry, _db = environment()
    with env_cursor(registry) as env:
        seed(env, args.size)
        env.cr.commit()
        wizard = env["complaint.export.wizard"].create(
            {"date_from": date(2025, 1, 1), "date_to": date(2026, 12, 31)}
        )
        columns = [name for name, _width in wizard._get_ledger_columns()]
        (data, _name), ours_s, ours_mb = measure(wizard._build_workbook)
        print(
            f"our export: {args.size} complaints, {len(columns)} ledger columns + summaries: "
            f"{ours_s:.1f} s, peak memory +{ours_mb:.0f} MB, {len(data) / 2**20:.1f} MB file"
        )
        env.invalidate_all()

        def odoo_list_export():
            # the code path of /web/export/xlsx: export_data, then the web module's writer,
            # which reads request.env: give it this environment
            from types import SimpleNamespace
            from unittest.mock import patch

            from odoo.addons.web.controllers import export

            records = env["helpdesk.ticket"].search(wizard._get_domain())
            rows = records.export_data(columns)["datas"]
            with patch.object(export, "request", SimpleNamespace(env=env)):
                return export.ExcelExport().from_data(columns, columns, rows)

        _xlsx, odoo_s, odoo_mb = measure(odoo_list_export)
        print(
            f"Odoo list export of the same {len(columns)} columns: {odoo_s:.1f} s, "
            f"peak memory +{odoo_mb:.0f} MB beyond ours (measured after it)"
        )
        env.invalidate_all()
        report = env["complaint.report"]
        _rows, pivot_s, _mb = measure(
            lambda: report.formatted_read_group(
                [], ["team_id", "received_date:month"], ["received:sum", "closed:sum"]
            )
        )
        print(f"pivot totals unit x month over {args.size} complaints: {pivot_s:.2f} s")
        print(f"process max RSS: {_max_rss_mb():.0f} MB")
        print(
            f"RESULT xlsx_speedup={odoo_s / ours_s:.1f} xlsx_peak_mb={ours_mb:.0f} "
            f"pivot_s={pivot_s:.2f}"
        )
        env.cr.rollback()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write the spreadsheet dashboards of the three addons (Odoo's spreadsheet_dashboard format).

Community has no dashboard editor, so the dashboards are generated from the short descriptions
below: headline scorecards, a monthly trend, a chart per unit and top-10 tables, all on the
complaint analysis (complaint.report) and filtered by period, unit, category and channel.

    python3 setup/dashboards.py        # rewrites <addon>/data/files/*_dashboard.json
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODEL = "complaint.report"
VERSION = "18.4.14"

FILTERS = [
    ("f-period", "date", "Period", "received_date", None),
    ("f-unit", "relation", "Unit", "team_id", "helpdesk.ticket.team"),
    ("f-category", "relation", "Category", "category_id", "helpdesk.ticket.category"),
    ("f-channel", "relation", "Channel", "channel_id", "helpdesk.ticket.channel"),
]

DASHBOARDS = {
    "complaint_management/data/files/complaint_dashboard.json": {
        "cards": [
            ("Complaints received", "received", "count"),
            ("Closed", "closed", "count"),
            ("Closure rate", "close_rate", "rate"),
            ("Major", "major", "count"),
        ],
        "trend": ("Complaints per month", ["received", "closed"]),
        "by_unit": ("Complaints per unit", ["received", "closed"]),
        "tops": [
            ("Top categories", "category_id", ["received", "repeat", "collective"]),
            ("Top units", "team_id", ["received", "closed", "refused"]),
        ],
        "menu": "complaint_management.complaint_report_menu",
    },
    "complaint_sla/data/files/complaint_sla_dashboard.json": {
        "cards": [
            ("On-time rate", "on_time_rate", "rate"),
            ("Overdue", "overdue", "count"),
            ("Escalated / supervised", "supervised", "count"),
            ("Extended", "extended", "count"),
        ],
        "trend": ("Overdue complaints per month", ["overdue", "closed_on_time"]),
        "by_unit": ("On-time rate per unit", ["on_time_rate"]),
        "tops": [
            ("Units with most overdue complaints", "team_id", ["overdue", "supervised"]),
            ("Categories with most overdue complaints", "category_id", ["overdue", "extended"]),
        ],
        "menu": "complaint_management.complaint_report_menu",
    },
    "complaint_survey/data/files/complaint_survey_dashboard.json": {
        "cards": [
            ("Satisfaction rate", "satisfaction_rate", "rate"),
            ("Callback rate", "callback_rate", "rate"),
            ("Called back", "called_back", "count"),
            ("Satisfied", "satisfied", "count"),
        ],
        "trend": ("Callbacks per month", ["called_back", "satisfied"]),
        "by_unit": ("Satisfaction rate per unit", ["satisfaction_rate"]),
        "tops": [
            ("Satisfaction per unit", "team_id", ["called_back", "satisfied"]),
            ("Satisfaction per category", "category_id", ["called_back", "satisfied"]),
        ],
        "menu": "complaint_management.complaint_report_menu",
    },
}


def field_matching(date_offset=0):
    return {
        fid: {"chain": chain, "type": "datetime" if ftype == "date" else "many2one"}
        | ({"offset": date_offset} if ftype == "date" else {})
        for fid, ftype, _label, chain, _model in FILTERS
    }


def view_link(title, measures, groupby, mode):
    action = {
        "viewType": mode,
        "action": {
            "domain": [],
            "context": {
                "group_by": groupby,
                "pivot_measures": measures,
                "pivot_row_groupby": groupby,
                "graph_measure": measures[0],
                "graph_groupbys": groupby,
            },
            "modelName": MODEL,
            "views": [[False, "pivot"], [False, "graph"], [False, "search"]],
        },
        "threshold": 0,
        "name": title,
    }
    return f"[{title}](odoo://view/{json.dumps(action, separators=(',', ':'))})"


def chart(chart_id, title, chart_type, groupby, measure, x, y, width, height):
    return {
        "id": chart_id,
        "width": width,
        "height": height,
        "tag": "chart",
        "col": 0,
        "row": 0,
        "offset": {"x": x, "y": y},
        "data": {
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": groupby,
                "measure": measure,
                "order": None,
                "resModel": MODEL,
                "mode": chart_type.removeprefix("odoo_"),
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [],
                "groupBy": groupby,
                "orderBy": [],
            },
            "type": chart_type,
            "dataSets": [{}],
            "chartId": chart_id,
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": field_matching(),
        },
    }


def build(spec):
    pivots, cells, data_cells, figures = {}, {}, {}, []
    styles = {
        "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
        "2": {"textColor": "#434343", "bold": True, "fontSize": 11},
        "3": {"textColor": "#434343", "verticalAlign": "middle"},
    }
    cell_styles = {}

    def pivot(name, measures, rows=()):
        pid = str(len(pivots) + 1)
        pivots[pid] = {
            "type": "ODOO",
            "id": pid,
            "formulaId": pid,
            "name": name,
            "model": MODEL,
            "domain": [],
            "context": {},
            "measures": [{"id": m, "fieldName": m} for m in measures],
            "columns": [],
            "rows": [{"fieldName": r} for r in rows],
            "sortedColumn": (
                {"measure": measures[0], "order": "desc", "domain": []} if rows else None
            ),
            "fieldMatching": field_matching(),
        }
        return pid

    # headline scorecards, values on the hidden "Data" sheet
    for index, (label, measure, kind) in enumerate(spec["cards"], start=1):
        pid = pivot(label, [measure])
        data_cells[f"A{index}"] = f'=_t("{label}")'
        data_cells[f"B{index}"] = f'=PIVOT.VALUE({pid},"{measure}")'
        data_cells[f"C{index}"] = (
            f'=IF(B{index}="","—",ROUND(B{index},1)&" %")'
            if kind == "rate"
            else f"=FORMAT.LARGE.NUMBER(B{index})"
        )
        card_id = f"card-{index}"
        figures.append(
            {
                "id": card_id,
                "width": 200,
                "height": 106,
                "tag": "chart",
                "col": 0,
                "row": 0,
                "offset": {"x": (index - 1) * 210, "y": 12},
                "data": {
                    "type": "scorecard",
                    "title": {"text": label, "bold": True, "color": "#434343"},
                    "background": "#EFF6FF" if index == 1 else "#F8F9FA",
                    "keyValue": f"Data!C{index}",
                    "baselineMode": "difference",
                    "baselineColorUp": "#00A04A",
                    "baselineColorDown": "#DC6965",
                    "humanize": False,
                    "chartId": card_id,
                },
            }
        )

    trend_title, trend_measures = spec["trend"]
    cells["A7"] = view_link(trend_title, trend_measures, ["received_date:month"], "graph")
    cell_styles["A7"] = 1
    figures.append(
        chart(
            "trend", "", "odoo_line", ["received_date:month"], trend_measures[0], 0, 178, 1000, 330
        )
    )
    unit_title, unit_measures = spec["by_unit"]
    cells["A24"] = view_link(unit_title, unit_measures, ["team_id"], "graph")
    cell_styles["A24"] = 1
    figures.append(
        chart("by-unit", "", "odoo_bar", ["team_id"], unit_measures[0], 0, 600, 1000, 330)
    )

    row = 42
    for title, groupby, measures in spec["tops"]:
        pid = pivot(title, measures, [groupby])
        cells[f"A{row}"] = view_link(title, measures, [groupby], "pivot")
        cell_styles[f"A{row}"] = 1
        cells[f"A{row + 1}"] = f"=PIVOT({pid}, 10, FALSE, FALSE)"
        row += 14

    sheets = [
        {
            "id": "dashboard",
            "name": "Dashboard",
            "colNumber": 7,
            "rowNumber": row + 2,
            "rows": {str(r - 1): {"size": 40} for r in (7, 24)},
            "cols": {"0": {"size": 300}, **{str(c): {"size": 120} for c in range(1, 7)}},
            "merges": [],
            "cells": cells,
            "styles": cell_styles,
            "formats": {},
            "borders": {},
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        },
        {
            "id": "data",
            "name": "Data",
            "colNumber": 4,
            "rowNumber": len(spec["cards"]) + 2,
            "rows": {},
            "cols": {},
            "merges": [],
            "cells": data_cells,
            "styles": {},
            "formats": {},
            "borders": {},
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": [],
            "tables": [],
            "areGridLinesVisible": True,
            "isVisible": False,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        },
    ]
    global_filters = []
    for fid, ftype, label, _chain, model in FILTERS:
        gfilter = {"id": fid, "type": ftype, "label": label}
        if ftype == "date":
            # Odoo's "last_12_months" is the twelve months before the current one: it left
            # out the complaints of this month. The year so far includes them.
            gfilter["defaultValue"] = "year_to_date"
        else:
            gfilter["modelName"] = model
            gfilter["defaultValueDisplayNames"] = []
        global_filters.append(gfilter)
    return {
        "version": VERSION,
        "sheets": sheets,
        "styles": styles,
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 1,
            }
        },
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "globalFilters": global_filters,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {figure["id"]: spec["menu"] for figure in figures},
    }


def main():
    for path, spec in DASHBOARDS.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(build(spec), ensure_ascii=False, indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

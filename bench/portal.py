"""Public complaint form under load, beside helpdesk_mgmt's own portal form.

Starts an Odoo server (2 workers) on the scratch database, then 10 concurrent clients submit
N complaints in total through /complaint/submit and N tickets through helpdesk_mgmt's
/submitted/ticket (logged-in portal users: that form needs a login). Prints p50/p95 latency and
throughput of both, the errors, and how many records are in the database against how many
were sent.

    setup/bench portal [--total 500] [--clients 10]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time

import requests
from _odoo import env_cursor, environment

PORT = int(os.environ.get("BENCH_HTTP_PORT", "8079"))
BASE = f"http://127.0.0.1:{PORT}"


def prepare(registry, clients):
    with env_cursor(registry) as env:
        params = env["ir.config_parameter"]
        # 0: no limit (all clients share 127.0.0.1, whose counter row would serialise them)
        params.set_param("complaint_management.portal_rate_limit_per_hour", "0")
        params.set_param("complaint_management.portal_min_fill_seconds", "0")
        group = env.ref("base.group_portal")
        for i in range(clients):
            login = f"bench_portal_{i}"
            if not env["res.users"].search([("login", "=", login)]):
                env["res.users"].create(
                    {
                        "name": login,
                        "login": login,
                        "password": login,
                        "email": f"{login}@example.com",
                        "group_ids": [(6, 0, group.ids)],
                    }
                )
        category = env["helpdesk.ticket.category"].search([("show_in_portal", "=", True)], limit=1)
        env.cr.commit()
        return category.id


def start_server():
    log_path = os.path.join(os.path.dirname(os.environ["BENCH_CONF"]), "portal-server.log")
    with open(log_path, "w") as log:
        return _spawn(log)


def _spawn(log):
    server = subprocess.Popen(
        [
            sys.executable,
            os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
            "-c",
            os.environ["BENCH_CONF"],
            "-d",
            os.environ["BENCH_DB"],
            f"--http-port={PORT}",
            "--workers=2",
            "--max-cron-threads=0",
            f"--db-filter=^{os.environ['BENCH_DB']}$",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            if requests.get(f"{BASE}/web/login", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(1)
    server.kill()
    raise SystemExit("the bench server did not start")


def _token(html, name):
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    return match.group(1) if match else ""


def ours(client, count, category_id, results, marker):
    session = requests.Session()
    for i in range(count):
        try:
            page = session.get(f"{BASE}/complaint", timeout=30).text
            data = {
                "csrf_token": _token(page, "csrf_token"),
                "form_stamp": _token(page, "form_stamp"),
                "name": f"{marker} {client}-{i}",
                "description": "电梯停运",
                "partner_name": f"访客{client}",
                "partner_phone": f"+86 138 0000 {client:02d}{i:02d}",
                "category_id": str(category_id),
                "consent": "on",
            }
            start = time.perf_counter()
            response = session.post(f"{BASE}/complaint/submit", data=data, timeout=60)
            elapsed = time.perf_counter() - start
            ok = response.status_code == 200 and "o_complaint_number" in response.text
            results.append((elapsed, ok))
        except requests.RequestException:
            results.append((0, False))


def baseline(client, count, category_id, results, marker):
    session = requests.Session()
    login = f"bench_portal_{client}"
    page = session.get(f"{BASE}/web/login", timeout=30).text
    session.post(
        f"{BASE}/web/login",
        data={"login": login, "password": login, "csrf_token": _token(page, "csrf_token")},
        timeout=30,
    )
    for i in range(count):
        try:
            page = session.get(f"{BASE}/new/ticket", timeout=30).text
            data = {
                "csrf_token": _token(page, "csrf_token"),
                "subject": f"{marker} {client}-{i}",
                "description": "电梯停运",
                "category": str(category_id),
            }
            start = time.perf_counter()
            response = session.post(f"{BASE}/submitted/ticket", data=data, timeout=60)
            elapsed = time.perf_counter() - start
            results.append((elapsed, response.status_code == 200))
        except requests.RequestException:
            results.append((0, False))


def run(worker, total, clients, category_id, marker):
    results = []
    per_client = total // clients
    threads = [
        threading.Thread(target=worker, args=(c, per_client, category_id, results, marker))
        for c in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    times = sorted(t for t, ok in results if ok)
    errors = sum(1 for _t, ok in results if not ok)
    p50 = statistics.median(times) if times else float("nan")
    p95 = times[int(len(times) * 0.95) - 1] if times else float("nan")
    return {
        "p50": p50,
        "p95": p95,
        "rate": len(times) / wall,
        "errors": errors,
        "sent": per_client * clients,
    }


def count(registry, marker):
    with env_cursor(registry) as env:
        return env["helpdesk.ticket"].search_count([("name", "=like", f"{marker} %")])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=500)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()
    registry, _db = environment()
    category_id = prepare(registry, args.clients)
    server = start_server()
    try:
        base = run(baseline, args.total, args.clients, category_id, "BASE")
        mine = run(ours, args.total, args.clients, category_id, "OURS")
    finally:
        server.terminate()
        server.wait(30)
    base_found, mine_found = count(registry, "BASE"), count(registry, "OURS")
    for label, figures, found in (
        ("helpdesk_mgmt /submitted/ticket", base, base_found),
        ("our /complaint/submit", mine, mine_found),
    ):
        print(
            f"{label}: p50 {figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms, "
            f"{figures['rate']:.1f}/s, errors {figures['errors']}, "
            f"in database {found} of {figures['sent']}"
        )
    ratio = mine["p95"] / base["p95"]
    lost = mine["sent"] - mine["errors"] - mine_found
    print(f"RESULT portal_p95_ratio={ratio:.2f} errors={mine['errors']} lost={max(lost, 0)}")


if __name__ == "__main__":
    main()

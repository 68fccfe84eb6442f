"""Take the README's screenshots from a running server (setup/start), with headless Chromium.

    python3 setup/screenshots.py [--url http://localhost:8069] [--db complaints] [--out docs/img]

Logs in as the demo users (officer.wang for the back office; their password is set to the login
first, through the admin account admin / admin), files a complaint on the public form as a
visitor, opens its tracking page, the officer's complaint form, the complaints dashboard and
kanban, and writes one PNG each. Uses the Chrome DevTools protocol (websocket-client, requests:
both in the virtualenv); nothing here is needed by the product itself.
"""

import argparse
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

SHOTS = ("web_form", "tracking_page", "officer_form", "dashboard", "kanban")


class Browser:
    def __init__(self, width=1280, height=900):
        self.profile = tempfile.mkdtemp(prefix="complaint-shots-")
        port = 9333
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--lang=zh-CN",
                f"--window-size={width},{height}",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                tabs = requests.get(f"http://127.0.0.1:{port}/json", timeout=1).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def cookie(self, url, name, value):
        self.call("Network.setCookie", name=name, value=value, url=url)

    def open(self, url, wait_for=None, settle=1.5):
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            ready = self.call(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(wait_for or 'body')})",
                returnByValue=True,
            )
            if ready.get("result", {}).get("value"):
                break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"{url}: {wait_for} never appeared")
        time.sleep(settle)

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.process.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def session(base, db, login, password):
    http = requests.Session()
    response = http.post(
        f"{base}/web/session/authenticate",
        json={"params": {"db": db, "login": login, "password": password}},
        timeout=30,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"login as {login} failed: {response.json()['error']['message']}")
    return http


def rpc(http, base, model, method, *args, **kwargs):
    response = http.post(
        f"{base}/web/dataset/call_kw",
        json={"params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs}},
        timeout=60,
    )
    result = response.json()
    if result.get("error"):
        raise SystemExit(f"{model}.{method}: {result['error']['data']['message']}")
    return result["result"]


def file_complaint(base):
    """A visitor files a complaint; returns the tracking page's URL."""
    http = requests.Session()
    page = http.get(f"{base}/complaint", timeout=30).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    stamp = re.search(r'name="form_stamp" value="([^"]+)"', page).group(1)
    time.sleep(3)  # the form refuses a submission faster than a person could type
    thanks = http.post(
        f"{base}/complaint/submit",
        data={
            "csrf_token": csrf,
            "form_stamp": stamp,
            "name": "3号楼电梯停运三天",
            "description": "3号楼电梯自周一起停运，老人上下楼困难，物业一直没有答复。",
            "partner_name": "周杰",
            "partner_phone": "13701926634",
            "event_location": "3号楼",
            "consent": "on",
        },
        timeout=60,
    ).text
    link = re.search(r'href="((?:/[A-Za-z_]+)?/complaint/track/[^"]+)"', thanks)
    if not link:
        raise SystemExit("the web form did not answer with a tracking link")
    return base + link.group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="complaints")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs/img"))
    args = parser.parse_args()
    base, out = args.url.rstrip("/"), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    admin = session(base, args.db, "admin", "admin")
    officer_id = rpc(admin, base, "res.users", "search", [("login", "=", "officer.wang")])
    if not officer_id:
        raise SystemExit("no demo user officer.wang: start the product with its demo data")
    rpc(admin, base, "res.users", "write", officer_id, {"password": "officer.wang"})
    officer = session(base, args.db, "officer.wang", "officer.wang")
    complaint = rpc(
        officer,
        base,
        "helpdesk.ticket",
        "search",
        [("is_complaint", "=", True), ("complaint_phase", "=", "in_progress")],
        limit=1,
    )
    track_url = file_complaint(base)

    browser = Browser()
    try:
        browser.open(f"{base}/complaint", "form[action$='/complaint/submit']")
        browser.shot(out / "web_form.png")
        browser.open(track_url, ".o_complaint_status, main")
        browser.shot(out / "tracking_page.png")
        browser.cookie(base, "session_id", officer.cookies["session_id"])
        action = "complaint_management.helpdesk_ticket_complaint_action"
        browser.open(f"{base}/odoo/action-{action}/{complaint[0]}", ".o_form_view .o-mail-Chatter")
        browser.shot(out / "officer_form.png")
        browser.open(f"{base}/odoo/dashboards", ".o-spreadsheet, .o_spreadsheet_dashboard_action")
        browser.shot(out / "dashboard.png")
        browser.open(
            f"{base}/odoo/action-{action}?view_type=kanban", ".o_kanban_view .o_kanban_record"
        )
        browser.shot(out / "kanban.png")
    finally:
        browser.close()
    for name in SHOTS:
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()

"""Complaint intake against plain helpdesk tickets, through the ORM, in batches.

Creates N complaints (routing, numbering, repeat and collective checks, acknowledgement) and N
plain tickets in the same run and database, for N = 10,000 and 100,000 by default, and prints
the rates, the ratio, and the SQL queries per record for both sizes.

An e-mail leg then sends M mails (2,000 by default) through the mail gateway
(`mail.thread.message_process`, one transaction per mail as the fetchmail cron does): to the
complaint office's address, where each becomes a complaint (masked sender, tracking number,
routing, acknowledgement, clocks), and the same mails to a plain helpdesk team's address, where
each becomes a plain ticket, the two legs taking turns by chunks of 50 mails; it prints mails
per second for both and their ratio.

    setup/bench intake [--sizes 10000,100000] [--batch 1000] [--mails 2000]
"""

import argparse
import random
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from _odoo import Measure, env_cursor, environment

CHANNELS = ["channel_hotline", "channel_walk_in", "channel_letter", "channel_portal", "channel_sms"]
PLACES = ["海淀区中关村大街", "朝阳区望京街道", "浦东新区陆家嘴", "徐汇区漕河泾", "东城区王府井"]
TITLES = [
    "停水两天无人处理",
    "电费账单异常",
    "维修人员态度差",
    "宽带多次报修未修好",
    "物业费收费不合理",
]


def _vals(env, rng, i, complaint, refs):
    vals = {
        "name": f"{rng.choice(TITLES)} #{i}",
        "description": f"<p>{rng.choice(TITLES)}，请尽快处理。</p>",
        "partner_name": f"投诉人{i % 5000}",
        "partner_email": f"c{i % 5000}@example.com",
        "category_id": rng.choice(refs["categories"]),
        "channel_id": rng.choice(refs["channels"]),
    }
    if complaint:
        vals.update(
            {
                "is_complaint": True,
                "complaint_event_location": rng.choice(PLACES),
                "partner_phone": f"+86 138 {i % 10000:04d} {rng.randint(1000, 9999)}",
            }
        )
    return vals


def run(registry, size, batch, complaint):
    rng = random.Random(size)
    total_seconds = total_queries = 0.0
    with env_cursor(registry) as env:
        refs = {
            "categories": env["helpdesk.ticket.category"].search([]).ids,
            "channels": [env.ref(f"complaint_management.{x}").id for x in CHANNELS],
        }
        Ticket = env["helpdesk.ticket"]
        for start in range(0, size, batch):
            vals_list = [
                _vals(env, rng, i, complaint, refs) for i in range(start, min(size, start + batch))
            ]
            with Measure(env.cr) as measure:
                Ticket.create(vals_list)
                env.flush_all()
            total_seconds += measure.seconds
            total_queries += measure.queries
            env.cr.commit()
            env.invalidate_all()
    return size / total_seconds, total_queries / size


MAIL_DOMAIN = "bench.example.org"


def _mail(rng, i, to):
    msg = EmailMessage()
    msg["From"] = f"投诉人{i % 1500} <m{i % 1500}@mua.example.net>"
    msg["To"] = to
    msg["Subject"] = f"{rng.choice(TITLES)} #{i}"
    msg["Message-Id"] = make_msgid(domain="mua.example.net")
    msg["Date"] = formatdate(localtime=True)
    msg.set_content(f"{rng.choice(TITLES)}，地点：{rng.choice(PLACES)}。请尽快处理。")
    return msg.as_string()


def _prepare_mail_routes(registry):
    with env_cursor(registry) as env:
        domain = env["mail.alias.domain"].search([("name", "=", MAIL_DOMAIN)], limit=1)
        domain = domain or env["mail.alias.domain"].create({"name": MAIL_DOMAIN})
        env.company.alias_domain_id = domain
        office = env.ref("complaint_management.team_complaint_office")
        office.alias_id.alias_domain_id = domain
        support = env["helpdesk.ticket.team"].search([("alias_name", "=", "bench-support")])
        support = support or env["helpdesk.ticket.team"].create(
            {"name": "Bench support desk", "alias_name": "bench-support"}
        )
        support.alias_id.alias_domain_id = domain
        env.cr.commit()
        return office.alias_email, support.alias_email


def run_mails(registry, count, legs, chunk=50):
    """Mails per second through message_process, one committed transaction per mail, for each
    (address, complaint) leg. The legs take turns by chunks of mails, so that both see the
    same machine (another process's load would otherwise weigh on one leg only)."""
    mails = {}
    for leg in legs:
        rng = random.Random(count)  # the same mails (their own Message-Ids) for every leg
        mails[leg] = [_mail(rng, i, leg[0]) for i in range(count)]
    seconds = dict.fromkeys(legs, 0.0)
    with env_cursor(registry) as env:
        Ticket = env["helpdesk.ticket"]
        before = {leg: Ticket.search_count([("is_complaint", "=", leg[1])]) for leg in legs}
        for start in range(0, count, chunk):
            for leg in legs:
                for raw in mails[leg][start : start + chunk]:
                    started = time.perf_counter()
                    env["mail.thread"].message_process(None, raw)
                    env.flush_all()
                    env.cr.commit()
                    seconds[leg] += time.perf_counter() - started
                    env.invalidate_all()
        for leg in legs:
            made = Ticket.search_count([("is_complaint", "=", leg[1])]) - before[leg]
            if made != count:
                raise SystemExit(f"{count} mails to {leg[0]} made {made} records")
    return [count / seconds[leg] for leg in legs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--mails", type=int, default=2000)
    args = parser.parse_args()
    registry, _db = environment()
    ratio = mail_ratio = None
    if args.mails:
        office, support = _prepare_mail_routes(registry)
        plain_rate, ours_rate = run_mails(registry, args.mails, [(support, False), (office, True)])
        mail_ratio = ours_rate / plain_rate
        print(
            f"M={args.mails:>7}: mails to a helpdesk team {plain_rate:6.1f}/s | mails to the "
            f"complaint office {ours_rate:6.1f}/s | ratio {mail_ratio:.2f}"
        )
    for size in [int(s) for s in args.sizes.split(",") if s]:
        plain_rate, plain_q = run(registry, size, args.batch, complaint=False)
        ours_rate, ours_q = run(registry, size, args.batch, complaint=True)
        ratio = ours_rate / plain_rate
        print(
            f"N={size:>7}: plain tickets {plain_rate:7.1f}/s {plain_q:5.2f} queries each | "
            f"complaints {ours_rate:7.1f}/s {ours_q:5.2f} queries each | ratio {ratio:.2f} | "
            f"extra queries per complaint {ours_q - plain_q:+.2f}"
        )
    results = []
    if ratio is not None:
        results.append(f"intake_ratio={ratio:.2f}")
    if mail_ratio is not None:
        results.append(f"mail_intake_ratio={mail_ratio:.2f}")
    print("RESULT " + " ".join(results))


if __name__ == "__main__":
    main()

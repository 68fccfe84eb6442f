"""Complaint intake against plain helpdesk tickets, through the ORM, in batches.

Creates N complaints (routing, numbering, repeat and collective checks, acknowledgement) and N
plain tickets in the same run and database, for N = 10,000 and 100,000 by default, and prints
the rates, the ratio, and the SQL queries per record for both sizes.

    setup/bench intake [--sizes 10000,100000] [--batch 1000]
"""

import argparse
import random

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
                "event_location": rng.choice(PLACES),
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    registry, _db = environment()
    ratio = None
    for size in [int(s) for s in args.sizes.split(",")]:
        plain_rate, plain_q = run(registry, size, args.batch, complaint=False)
        ours_rate, ours_q = run(registry, size, args.batch, complaint=True)
        ratio = ours_rate / plain_rate
        print(
            f"N={size:>7}: plain tickets {plain_rate:7.1f}/s {plain_q:5.2f} queries each | "
            f"complaints {ours_rate:7.1f}/s {ours_q:5.2f} queries each | ratio {ratio:.2f} | "
            f"extra queries per complaint {ours_q - plain_q:+.2f}"
        )
    print(f"RESULT intake_ratio={ratio:.2f}")


if __name__ == "__main__":
    main()

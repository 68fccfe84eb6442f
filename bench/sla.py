"""Deadline computation and cron cost of complaint_sla, beside their baselines.

1. Deadlines for N new complaints over 3 calendars with holidays: our batch computation (one
   working schedule per calendar, pure-Python bisection per complaint) against
   `resource.calendar.plan_hours` called per record (what helpdesk_mgmt_sla does), same inputs;
   results compared on a 1,000-complaint sample.
2. A cron tick over N open complaints when nothing is due (queries, seconds; in a fresh
   environment as ir.cron runs it, with warm and with cold registry caches), then with 5% due
   at once (seconds, queries per batch), and the EXPLAIN of the due-clock query. The clocks of
   the demo complaints, due since the install, are processed by a first tick before that.

    setup/bench sla [--size 100000]
"""

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

from _odoo import Measure, env_cursor, environment

from odoo.tools import SQL


def make_calendars(env):
    calendars = env["resource.calendar"]
    for name, tz, hours in [
        ("Bench Beijing", "Asia/Shanghai", ((9, 12), (13, 18))),
        ("Bench Shanghai", "Asia/Shanghai", ((8.5, 12), (13.5, 17.5))),
        ("Bench Urumqi", "Asia/Urumqi", ((10, 14), (15.5, 19.5))),
    ]:
        calendar = env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": f"{d}", "dayofweek": str(d), "hour_from": a, "hour_to": b})
                    for d in range(5)
                    for a, b in hours
                ],
            }
        )
        leaves = []
        for start, days in [(date(2026, 10, 1), 7), (date(2027, 1, 1), 1), (date(2027, 2, 16), 7)]:
            begin = datetime.combine(start, datetime.min.time()) - timedelta(hours=8)
            leaves.append(
                {
                    "name": "Holiday",
                    "calendar_id": calendar.id,
                    "date_from": begin,
                    "date_to": begin + timedelta(days=days, seconds=-1),
                }
            )
        env["resource.calendar.leaves"].create(leaves)
        env["complaint.calendar.workday"].create(
            {"calendar_id": calendar.id, "date": date(2026, 10, 10), "worked_as": "0"}
        )
        calendars |= calendar
    return calendars


def bench_deadlines(env, size):
    # importable once environment() has set up the addons path
    from odoo.addons.complaint_sla.timing import compute_deadline

    rng = random.Random(7)
    calendars = make_calendars(env)
    origin = datetime(2026, 9, 1, tzinfo=UTC)
    inputs = [
        (
            rng.choice(calendars),
            origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 120)),
            rng.choice((4, 8, 16, 24, 40)),
        )
        for _ in range(size)
    ]
    # ours: one schedule per calendar for the batch, then pure Python per complaint
    start = time.perf_counter()
    schedules = {
        cal.id: cal._get_complaint_schedule(origin.replace(tzinfo=None)) for cal in calendars
    }
    ours = [
        compute_deadline(schedules[cal.id], when, "working_hours", hours)
        for cal, when, hours in inputs
    ]
    ours_s = time.perf_counter() - start
    # baseline: plan_hours per record, on a sample (it is ~1000x slower), extrapolated
    sample = inputs[:1000]
    start = time.perf_counter()
    theirs = [
        cal.plan_hours(hours, when.replace(tzinfo=None), compute_leaves=True)
        for cal, when, hours in sample
    ]
    theirs_s = (time.perf_counter() - start) * size / len(sample)
    mismatches = 0
    for mine, other in zip(ours[: len(sample)], theirs, strict=True):
        other_utc = other.astimezone(UTC) if other.tzinfo else other.replace(tzinfo=UTC)
        if abs((mine - other_utc).total_seconds()) > 60:
            mismatches += 1
    print(
        f"deadlines for {size} complaints: ours {ours_s:.2f} s ({ours_s / size * 1e6:.1f} µs each)"
        f" | plan_hours per record {theirs_s:.1f} s (measured on {len(sample)}, extrapolated)"
        f" | speedup {theirs_s / ours_s:.0f}x | mismatches on the sample: {mismatches}"
    )
    return theirs_s / ours_s, mismatches


def seed_open_complaints(env, size):
    """size open complaints with a running resolution clock each, inserted set-based."""
    cr = env.cr
    stage = env.ref("complaint_management.stage_complaint_in_progress").id
    company = env.company.id
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id,
                                         is_complaint, active, priority, create_date, write_date,
                                         received_date)
            SELECT 'BENCH-' || lpad(g::text, 7, '0'), 'Bench complaint ' || g, '<p>bench</p>',
                   %s, %s, TRUE, TRUE, '1', now(), now(), now()
              FROM generate_series(1, %s) g
            RETURNING id
            """,
            company,
            stage,
            size,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            """
            INSERT INTO complaint_clock (ticket_id, phase, duration_unit, warning_ratio, start,
                                         deadline, warn_at, state, warned, escalation_level,
                                         next_check_at, create_date, write_date)
            SELECT id, 'resolution', 'working_days', 0.9, now() - interval '1 day',
                   now() + interval '3 days', now() + interval '2 days', 'running', FALSE, 0,
                   now() + interval '2 days', now(), now()
              FROM unnest(%s::int[]) id
            """,
            ids,
        )
    )
    return ids


def idle_tick(registry, cold=False):
    """A tick with nothing due, as ir.cron runs it: a new cursor and environment; ``cold``:
    after the registry's caches were cleared (a fresh worker, or any configuration change)."""
    if cold:
        registry.clear_cache()
    with env_cursor(registry) as env, Measure(env.cr) as idle:
        processed = env["complaint.clock"]._cron_check_clocks()
    assert processed == 0, f"the idle tick processed {processed} clocks"
    return idle


def bench_cron(env, registry, size):
    ids = seed_open_complaints(env, size)
    env.cr.commit()
    Clock = env["complaint.clock"]
    # The scratch database holds the demo complaints, registered days before: their clocks
    # are due, and the first tick processes them. That tick is not idle (it was measured as
    # the idle tick before, ~180 queries); drain it first and say so.
    with Measure(env.cr) as first:
        drained = Clock._cron_check_clocks()
    env.cr.commit()
    print(
        f"first tick: {drained} clocks already due (demo complaints) processed in "
        f"{first.queries} queries"
    )
    idle = idle_tick(registry)
    cold = idle_tick(registry, cold=True)
    print(
        f"idle tick over {size} open complaints: {idle.queries} queries, {idle.seconds:.4f} s "
        f"(fresh environment); {cold.queries} queries with cold registry caches"
    )
    env.cr.execute(SQL("ANALYZE complaint_clock"))
    env.cr.execute(
        SQL(
            "EXPLAIN SELECT ARRAY(SELECT id FROM complaint_clock WHERE next_check_at <= %s "
            "ORDER BY next_check_at LIMIT 500 FOR UPDATE SKIP LOCKED), "
            "EXISTS(SELECT FROM complaint_clock_notice)",
            datetime.now(),
        )
    )
    plan = "\n".join(row[0] for row in env.cr.fetchall())
    print("EXPLAIN of the due-clock query:\n" + plan)
    due = ids[: size // 20]
    env.cr.execute(
        SQL(
            "UPDATE complaint_clock SET warn_at = now() - interval '1 minute', "
            "next_check_at = now() - interval '1 minute' WHERE ticket_id = ANY(%s)",
            due,
        )
    )
    env.cr.commit()
    env.invalidate_all()
    with Measure(env.cr) as busy:
        processed = Clock._cron_check_clocks()
    batches = max(1, -(-processed // 500))
    print(
        f"tick with {len(due)} due ({len(due) * 100 // size}%): processed {processed} in "
        f"{busy.seconds:.1f} s, {busy.queries} queries, {busy.queries / batches:.0f} per batch"
    )
    env.cr.commit()
    again = idle_tick(registry)
    print(f"second tick right after: {again.queries} queries (nothing left to do)")
    return idle, busy, plan


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    registry, _db = environment()
    with env_cursor(registry) as env:
        speedup, mismatches = bench_deadlines(env, args.size)
        env.cr.commit()
        idle, busy, plan = bench_cron(env, registry, args.size)
    print(
        f"RESULT deadline_speedup={speedup:.0f} idle_tick_queries={idle.queries} "
        f"idle_tick_s={idle.seconds:.4f} due5pct_s={busy.seconds:.1f} mismatches={mismatches}"
    )


if __name__ == "__main__":
    main()

"""Deadline computation and cron cost of complaint_sla, beside their baselines.

1. Deadlines for N new complaints over 3 calendars with holidays: our batch computation (one
   working schedule per calendar, pure-Python bisection per complaint) against
   `resource.calendar.plan_hours` called per record (what helpdesk_mgmt_sla does), same inputs;
   results compared on a 1,000-complaint sample.
2. A cron tick over N open complaints when nothing is due (queries, seconds; in a fresh
   environment as ir.cron runs it, with warm and with cold registry caches), then with 5% due
   at once (seconds, queries per batch), and the EXPLAIN of the due-clock query. The clocks of
   the demo complaints, due since the install, are processed by a first tick before that.
3. A public holiday added to the calendar of all N clocks: time from the save (which queues
   the recompute) until the job's ir.cron runs have recomputed every running clock it moves,
   with its old → new deadline in the chatter and the complaints' stored deadline (goal
   <= 30 s at 100,000). On a reused database each run adds the next free weekday.
4. A backlog of 20,000 due clocks (warnings for 20 handlers and their unit's leader) drained in
   consecutive cron runs, each in a fresh environment with ir.cron's time budget (10 s) and
   progress record: per run the clocks processed, the remaining count reported to ir.cron,
   the digests queued; asserts one digest per recipient per run.

    setup/bench sla [--size 100000]
    BENCH_DB=bench_sla setup/bench sla --reuse --leg recompute   # again on a seeded database
"""

import argparse
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

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


def make_handlers(env, count=20):
    """``count`` handlers notified by e-mail and a unit whose leader is notified too."""
    users = env["res.users"].create(
        [
            {
                "name": f"Bench handler {i}",
                "login": f"bench_handler_{i}",
                "email": f"bench.handler.{i}@example.com",
                "notification_type": "email",
            }
            for i in range(count)
        ]
    )
    leader = env["res.users"].create(
        {
            "name": "Bench leader",
            "login": "bench_leader",
            "email": "bench.leader@example.com",
            "notification_type": "email",
        }
    )
    team = env["helpdesk.ticket.team"].create({"name": "Bench unit", "user_id": leader.id})
    return users, team


def seed_open_complaints(env, size, calendar):
    """size open complaints with a running resolution clock each (5 working days on
    ``calendar``, by the general rule), inserted set-based; handled by 20 handlers of one unit."""
    from odoo.addons.complaint_sla.timing import compute_deadline, warning_time

    cr = env.cr
    stage = env.ref("complaint_management.stage_complaint_in_progress").id
    company = env.company.id
    users, team = make_handlers(env)
    rule = env.ref("complaint_sla.sla_rule_resolution_general")
    rule.calendar_id = calendar  # the clocks' calendar is the rule's, as in production
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    schedule = calendar._get_complaint_schedule(start.replace(tzinfo=None))
    deadline = compute_deadline(schedule, start, "working_days", 5)
    warn_at = warning_time(schedule, start, deadline, "working_days", 0.9, 0.0)
    naive = [dt.astimezone(UTC).replace(tzinfo=None) for dt in (start, deadline, warn_at)]
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id,
                                         is_complaint, active, priority, create_date, write_date,
                                         complaint_received_date, user_id, team_id)
            SELECT 'BENCH-' || lpad(g::text, 7, '0'), 'Bench complaint ' || g, '<p>bench</p>',
                   %s, %s, TRUE, TRUE, '1', now(), now(), now(),
                   (%s::int[])[1 + g %% %s], %s
              FROM generate_series(1, %s) g
            RETURNING id
            """,
            company,
            stage,
            users.ids,
            len(users),
            team.id,
            size,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    follow_responsible(env, ids)
    cr.execute(
        SQL(
            """
            INSERT INTO complaint_clock (ticket_id, phase, rule_id, calendar_id, duration_unit,
                                         warning_ratio, start, deadline, warn_at, state, warned,
                                         escalation_level, next_check_at, company_id,
                                         create_date, write_date)
            SELECT id, 'resolution', %s, %s, 'working_days', 0.9, %s, %s, %s, 'running', FALSE,
                   0, %s, %s, now(), now()
              FROM unnest(%s::int[]) id
            """,
            rule.id,
            calendar.id,
            *naive,
            naive[2],
            company,
            ids,
        )
    )
    return ids, naive[1]


def follow_responsible(env, ids):
    """Each complaint's responsible handler follows it, as Odoo subscribes the user set on a
    ticket (mail's auto-subscription of tracked user fields); the rows inserted above skip the
    ORM, so without this every first "deadline close" to-do would subscribe them instead."""
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'helpdesk.ticket', t.id, u.partner_id
              FROM helpdesk_ticket t JOIN res_users u ON u.id = t.user_id
             WHERE t.id = ANY(%s)
            ON CONFLICT DO NOTHING
            """,
            ids,
        )
    )
    # with the subtypes a subscription gives an employee by default
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id,
                                                                 mail_message_subtype_id)
            SELECT f.id, s.id
              FROM mail_followers f
              JOIN mail_message_subtype s ON s."default" AND NOT s.hidden
                   AND (s.res_model IS NULL OR s.res_model = 'helpdesk.ticket')
             WHERE f.res_model = 'helpdesk.ticket' AND f.res_id = ANY(%s)
            ON CONFLICT DO NOTHING
            """,
            ids,
        )
    )


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
    calendar = env["resource.calendar"].search([("name", "=", "Bench Beijing")], limit=1)
    ids, _deadline = seed_open_complaints(env, size, calendar)
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
    return idle, busy, plan, ids, calendar


def next_free_weekday(env, calendar):
    """The first weekday from tomorrow (calendar time) that is no public holiday of
    ``calendar`` yet: a bench run on a reused database adds the next one."""
    tz = ZoneInfo(calendar.tz)
    day = datetime.now(tz).date() + timedelta(days=1)
    while True:
        begin = datetime.combine(day, datetime.min.time(), tz).astimezone(UTC).replace(tzinfo=None)
        taken = env["resource.calendar.leaves"].search_count(
            [
                ("calendar_id", "in", [False, calendar.id]),
                ("resource_id", "=", False),
                ("date_from", "<", begin + timedelta(days=1)),
                ("date_to", ">", begin),
            ]
        )
        if day.weekday() < 5 and not taken:
            return day, begin
        day += timedelta(days=1)


def bench_holiday_recompute(registry, calendar_id, size):
    """A public holiday within the window of every clock of the calendar: how long from the
    save until all the running clocks it moves are recomputed and noted in the chatter (the
    save queues the job; its ir.cron runs, each in a fresh environment, do the work)."""
    with env_cursor(registry) as env:
        calendar = env["resource.calendar"].browse(calendar_id)
        day, begin = next_free_weekday(env, calendar)
        env.cr.execute(
            SQL(
                "SELECT count(*), COALESCE(max(m.id), 0) FROM complaint_clock c, "
                "(SELECT max(id) AS id FROM mail_message) m WHERE c.calendar_id = %s "
                "AND c.state IN ('running', 'paused') AND c.deadline >= %s AND c.start <= %s "
                "GROUP BY m.id",
                calendar_id,
                begin,
                begin + timedelta(days=1),
            )
        )
        affected, last_message = env.cr.fetchone() or (0, 0)
        env.cr.execute(SQL("DROP TABLE IF EXISTS bench_old_deadline"))
        env.cr.execute(
            SQL(
                "CREATE TABLE bench_old_deadline AS SELECT id, deadline FROM complaint_clock "
                "WHERE calendar_id = %s AND state IN ('running', 'paused')",
                calendar_id,
            )
        )
        env.cr.commit()
        start = time.perf_counter()
        with Measure(env.cr) as save:
            env["resource.calendar.leaves"].create(
                {
                    "name": "Bench extra holiday",
                    "calendar_id": calendar_id,
                    "date_from": begin,
                    "date_to": begin + timedelta(days=1, seconds=-1),
                }
            )
            env.flush_all()
            env.cr.commit()
    runs, cpu = [], {}
    while True:
        processed, remaining, seconds = cron_run(
            registry,
            xmlid="complaint_sla.ir_cron_recompute_clocks",
            method="_cron_recompute_clocks",
            cpu=cpu,
        )
        runs.append((processed, remaining, seconds))
        if not remaining:
            break
    total = time.perf_counter() - start
    with env_cursor(registry) as env:
        env.cr.execute(
            SQL(
                "SELECT count(*) FILTER (WHERE c.deadline = o.deadline), "
                "count(*) FILTER (WHERE c.deadline > o.deadline) FROM complaint_clock c "
                "JOIN bench_old_deadline o ON o.id = c.id"
            )
        )
        unchanged, moved = env.cr.fetchone()
        env.cr.execute(
            SQL(
                "SELECT count(*) FROM mail_message WHERE id > %s AND model = 'helpdesk.ticket' "
                "AND body::text LIKE %s",
                last_message,
                "%deadline recomputed%",
            )
        )
        notes = env.cr.fetchone()[0]
        env.cr.execute(
            SQL(
                "SELECT count(*) FROM helpdesk_ticket t JOIN complaint_clock c "
                "ON c.ticket_id = t.id AND c.phase = 'resolution' "
                "WHERE c.calendar_id = %s AND t.complaint_sla_deadline IS DISTINCT FROM c.deadline",
                calendar_id,
            )
        )
        stale = env.cr.fetchone()[0]
        env.cr.execute(SQL("SELECT count(*) FROM complaint_clock_recompute"))
        queued = env.cr.fetchone()[0]
        env.cr.execute(SQL("DROP TABLE bench_old_deadline"))
        env.cr.commit()
    print(
        f"holiday on {day} added to the calendar of {size} clocks: the save took "
        f"{save.seconds:.2f} s ({save.queries} queries) and queued the recompute; "
        f"{len(runs)} cron runs ("
        + ", ".join(f"{p} moved in {s:.1f} s" for p, _r, s in runs)
        + f"); {affected} in its window, {moved} deadlines moved and {notes} chatter notes "
        f"{total:.1f} s after the save began; {unchanged} left unchanged; complaints whose "
        f"stored deadline differs from their clock: {stale} | goal <= 30 s\n"
        f"  CPU of the runs: {cpu['python']:.1f} s Python + {cpu['postgres']:.1f} s PostgreSQL "
        f"= {cpu['python'] + cpu['postgres']:.1f} s (the wall time is more on a shared "
        f"machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    assert moved == affected and notes == affected, "every affected clock is recomputed and noted"
    assert not stale and not queued, "the complaints' deadlines follow, the queue is empty"
    return total, cpu["python"] + cpu["postgres"]


def backend_cpu(cr):
    """CPU seconds the PostgreSQL backend of ``cr`` has used (from /proc: the server runs on
    this machine), or 0.0 when it cannot be read."""
    cr.execute(SQL("SELECT pg_backend_pid()"))
    pid = cr.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            values = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cron_run(
    registry,
    budget=10.0,
    xmlid="complaint_sla.ir_cron_check_clocks",
    method="_cron_check_clocks",
    cpu=None,
):
    """One run of a cron (by default the deadline check) as ir.cron's _run_job does it: a
    new cursor and environment, a progress record, the job's time budget
    (MIN_TIME_PER_JOB = 10 s). ``cpu``: a dict where the CPU seconds of this process
    ("python") and of its database backend ("postgres") are added."""
    with env_cursor(registry) as env:
        cpu_start = (time.process_time(), backend_cpu(env.cr))
        cron = env.ref(xmlid)
        cron, progress = cron._add_progress()
        env.cr.commit()
        context = dict(cron.env.context, cron_id=cron.id, cron_end_time=time.monotonic() + budget)
        model = env[cron.model_id.model].with_context(context)
        start = time.perf_counter()
        processed = getattr(model, method)()
        seconds = time.perf_counter() - start
        progress.invalidate_recordset()
        remaining = progress.remaining
        env.cr.commit()
        if cpu is not None:
            cpu["python"] = cpu.get("python", 0.0) + time.process_time() - cpu_start[0]
            cpu["postgres"] = cpu.get("postgres", 0.0) + backend_cpu(env.cr) - cpu_start[1]
    return processed, remaining, seconds


def bench_backlog(registry, ids, backlog=20_000, budget=10.0):
    """``backlog`` clocks due at once, drained in consecutive cron runs; each recipient gets
    exactly one digest per run."""
    with env_cursor(registry) as env:
        env.cr.execute(
            SQL(
                "UPDATE complaint_clock SET warn_at = now() - interval '1 minute', "
                "next_check_at = now() - interval '1 minute' "
                "WHERE id IN (SELECT id FROM complaint_clock WHERE ticket_id = ANY(%s) "
                "AND NOT warned AND state = 'running' ORDER BY id LIMIT %s)",
                ids,
                backlog,
            )
        )
        due = env.cr.rowcount
        env.cr.commit()
        recipients = {
            user.email_formatted
            for user in env["res.users"].search(
                [("login", "=like", "bench\\_%")]  # the 20 handlers and their leader
            )
        }
    print(f"backlog: {due} clocks due at once, cron runs of at most {budget:.0f} s each")
    runs, total = [], 0
    while True:
        with env_cursor(registry) as env:
            env.cr.execute(SQL("SELECT COALESCE(max(id), 0) FROM mail_mail"))
            last_mail = env.cr.fetchone()[0]
        processed, remaining, seconds = cron_run(registry, budget)
        with env_cursor(registry) as env:
            env.cr.execute(
                SQL(
                    "SELECT mm.email_to, count(*) FROM mail_mail mm "
                    "JOIN mail_message m ON m.id = mm.mail_message_id WHERE mm.id > %s "
                    "AND m.subject LIKE %s GROUP BY mm.email_to",
                    last_mail,
                    "Complaint deadlines:%",
                )
            )
            digests = dict(env.cr.fetchall())
        if not processed and not digests:
            break
        total += processed
        twice = {to: n for to, n in digests.items() if n != 1}
        runs.append((processed, remaining, len(digests)))
        print(
            f"  run {len(runs)}: {processed} clocks processed in {seconds:.1f} s, "
            f"remaining reported {remaining}, {len(digests)} digests to {len(digests)} "
            f"recipients" + (f", MORE THAN ONE: {twice}" if twice else ", one each")
        )
        assert not twice, f"a recipient got more than one digest in a run: {twice}"
        assert set(digests) <= recipients, "digests go to the clocks' handlers and leader only"
        if not remaining:
            break
    print(f"backlog drained in {len(runs)} runs: {total} of {due} clocks processed")
    assert total == due, "the whole backlog is processed"
    return runs


def bench_due_again(registry, ids, size):
    """On a reused database: 5% of the complaints (those none of whose clocks has warned yet)
    due at once, one tick, as in the full run."""
    with env_cursor(registry) as env:
        env.cr.execute(
            SQL(
                "SELECT ticket_id FROM complaint_clock WHERE ticket_id = ANY(%s) "
                "AND state = 'running' GROUP BY ticket_id HAVING bool_and(NOT warned) "
                "ORDER BY ticket_id LIMIT %s",
                ids,
                size // 20,
            )
        )
        due = [row[0] for row in env.cr.fetchall()]
        env.cr.execute(
            SQL(
                "UPDATE complaint_clock SET warn_at = now() - interval '1 minute', "
                "next_check_at = now() - interval '1 minute' WHERE ticket_id = ANY(%s) "
                "AND state = 'running'",
                due,
            )
        )
        env.cr.commit()
    with env_cursor(registry) as env, Measure(env.cr) as busy:
        processed = env["complaint.clock"]._cron_check_clocks()
        env.cr.commit()
    batches = max(1, -(-processed // 500))
    print(
        f"tick with {len(due)} complaints due ({len(due) * 100 // size}%): processed "
        f"{processed} in {busy.seconds:.1f} s, {busy.queries} queries, "
        f"{busy.queries / batches:.0f} per batch"
    )
    return busy


def seeded(env):
    """(ticket ids, calendar) of the complaints an earlier run seeded in this database."""
    env.cr.execute(SQL("SELECT id FROM helpdesk_ticket WHERE number LIKE 'BENCH-%%' ORDER BY id"))
    ids = [row[0] for row in env.cr.fetchall()]
    calendar = env["resource.calendar"].search([("name", "=", "Bench Beijing")], limit=1)
    assert ids and calendar, "--reuse needs a database seeded by an earlier run of this bench"
    follow_responsible(env, ids)  # a database seeded before the bench did it
    env.cr.commit()
    return ids, calendar


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--leg",
        choices=("all", "due", "recompute", "backlog"),
        default="all",
        help="all (default) or only the 5%% due tick, the holiday recompute or the backlog; "
        "the single legs need --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the complaints seeded by an earlier run (setup/bench then upgrades the "
        "addons of BENCH_DB instead of recreating it)",
    )
    args = parser.parse_args()
    if args.leg != "all" and not args.reuse:
        parser.error("--leg due|recompute|backlog runs on an existing seeded database: add --reuse")
    registry, _db = environment()
    figures = {}
    with env_cursor(registry) as env:
        if args.reuse:
            ids, calendar = seeded(env)
            args.size = len(ids)
        else:
            speedup, mismatches = bench_deadlines(env, args.size)
            env.cr.commit()
            idle, busy, _plan, ids, calendar = bench_cron(env, registry, args.size)
            figures.update(
                deadline_speedup=f"{speedup:.0f}",
                idle_tick_queries=idle.queries,
                idle_tick_s=f"{idle.seconds:.4f}",
                due5pct_s=f"{busy.seconds:.1f}",
                mismatches=mismatches,
            )
        calendar_id = calendar.id
    if args.leg == "due":
        figures["due5pct_s"] = f"{bench_due_again(registry, ids, args.size).seconds:.1f}"
    if args.leg in ("all", "recompute"):
        seconds, cpu = bench_holiday_recompute(registry, calendar_id, args.size)
        figures["holiday_recompute_s"] = f"{seconds:.1f}"
        figures["holiday_recompute_cpu_s"] = f"{cpu:.1f}"
    if args.leg in ("all", "backlog"):
        runs = bench_backlog(registry, ids, backlog=min(20_000, args.size // 5))
        figures["backlog_runs"] = len(runs)
    print("RESULT " + " ".join(f"{name}={value}" for name, value in figures.items()))


if __name__ == "__main__":
    main()

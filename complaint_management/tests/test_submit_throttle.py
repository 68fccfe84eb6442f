"""The web form's rate limit under concurrency: two submissions from one address at the same
moment cannot both pass (the counter row serialises them)."""

import threading
import time
import uuid

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestSubmitThrottle(TransactionCase):
    def test_counts_in_a_window(self):
        Throttle = self.env["complaint.submit.throttle"]
        key = f"zq-{uuid.uuid4()}"
        self.assertEqual([Throttle._take(key) for _i in range(3)], [1, 2, 3])
        # a window that is over starts again at 1
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_submit_throttle SET window_start = window_start - "
                "interval '2 hours' WHERE ip_hash = %s",
                key,
            )
        )
        self.assertEqual(Throttle._take(key), 1)

    def test_simultaneous_submissions_are_serialised(self):
        key = f"zq-{uuid.uuid4()}"
        db = sql_db.db_connect(self.env.cr.dbname)
        try:
            with db.cursor() as first, db.cursor() as second:
                env1 = api.Environment(first, SUPERUSER_ID, {})
                env2 = api.Environment(second, SUPERUSER_ID, {})
                second.execute("SELECT 1")  # its snapshot: before the first one commits
                self.assertEqual(env1["complaint.submit.throttle"]._take(key), 1)
                outcome = {}

                def submit_at_the_same_time():
                    try:
                        outcome["count"] = env2["complaint.submit.throttle"]._take(key)
                    except psycopg2.errors.SerializationFailure:
                        outcome["error"] = "serialization"

                thread = threading.Thread(target=submit_at_the_same_time)
                thread.start()
                time.sleep(0.5)  # the second waits on the first one's row
                first.commit()
                thread.join(20)
                self.assertEqual(outcome, {"error": "serialization"}, "Odoo replays this one")
                second.rollback()
                # the replayed request sees the first submission
                self.assertEqual(env2["complaint.submit.throttle"]._take(key), 2)
                second.commit()
        finally:
            with db.cursor() as cleanup:
                cleanup.execute(
                    SQL("DELETE FROM complaint_submit_throttle WHERE ip_hash = %s", key)
                )
                cleanup.commit()

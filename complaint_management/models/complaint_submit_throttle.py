"""How many complaints the web form took from one address in the current hour.

One row per (salted, hashed) address, updated by one INSERT ... ON CONFLICT statement: two
submissions from the same address at the same moment update the same row, so the second waits
for the first and, in Odoo's repeatable-read transactions, fails with a serialisation error;
Odoo then replays the request, which sees the first one's count. A count of complaints (what the
form did before) read both counts in snapshots taken before either committed.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class ComplaintSubmitThrottle(models.Model):
    _name = "complaint.submit.throttle"
    _description = "Web complaint form: submissions per address"

    ip_hash = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime(required=True, readonly=True)
    count = fields.Integer(readonly=True)

    _ip_hash_uniq = models.UniqueIndex("(ip_hash)", "One counter per address.")

    def _take(self, ip_hash, window_seconds=3600):
        """Count one more submission from ``ip_hash`` in its current window (a new window when
        the last one is over) and return the count, this submission included."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO complaint_submit_throttle (ip_hash, window_start, count,
                                                       create_uid, create_date, write_uid,
                                                       write_date)
                     VALUES (%(hash)s, now() AT TIME ZONE 'UTC', 1, %(uid)s,
                             now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC')
                ON CONFLICT (ip_hash) DO UPDATE SET
                    count = CASE
                        WHEN complaint_submit_throttle.window_start
                             < (now() AT TIME ZONE 'UTC') - make_interval(secs => %(window)s)
                        THEN 1 ELSE complaint_submit_throttle.count + 1 END,
                    window_start = CASE
                        WHEN complaint_submit_throttle.window_start
                             < (now() AT TIME ZONE 'UTC') - make_interval(secs => %(window)s)
                        THEN now() AT TIME ZONE 'UTC'
                        ELSE complaint_submit_throttle.window_start END,
                    write_date = now() AT TIME ZONE 'UTC'
                RETURNING count
                """,
                hash=ip_hash,
                uid=self.env.uid,
                window=window_seconds,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_windows(self):
        """Autovacuum: forget addresses whose window ended more than a day ago."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM complaint_submit_throttle "
                "WHERE window_start < (now() AT TIME ZONE 'UTC') - interval '1 day'"
            )
        )

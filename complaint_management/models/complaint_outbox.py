"""The outbox: one row per procedure event of a platform's complaint, delivered to the
platform's endpoint by a cron, in order per complaint, with retries and back-off.

A row is locked (SKIP LOCKED) while it is sent and its state is committed right after, so two
workers never send the same event and a run killed half-way goes on where it stopped. An event
whose sending succeeded but whose commit was lost is sent again with the same event id
(``X-Complaint-Event-Id``), which the platform uses to recognise it.
"""

import json
import logging
import uuid

import requests

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.platform import iso_utc, next_attempt_delay

_logger = logging.getLogger(__name__)

OFFICER = "complaint_management.group_complaint_officer"
TIMEOUT = 10  # seconds, per attempt
EVENTS = [
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("transferred", "Transferred"),
    ("extended", "Deadline extended"),
    ("replied", "Replied"),
    ("closed", "Closed"),
    ("reopened", "Reopened"),
]
STATES = [
    ("pending", "To send"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]


class ComplaintOutbox(models.Model):
    _name = "complaint.outbox"
    _description = "Complaint Platform Outbox"
    _order = "id desc"
    _rec_name = "event"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, index=True, ondelete="cascade"
    )
    number = fields.Char(related="ticket_id.number")
    platform_id = fields.Many2one(
        "complaint.platform", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="platform_id.company_id", store=True, index=True)
    event = fields.Selection(EVENTS, required=True, readonly=True)
    sequence = fields.Integer(
        required=True, readonly=True, help="Order of the event among the complaint's events."
    )
    event_uid = fields.Char(
        string="Event id",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: str(uuid.uuid4()),
        help="Sent with the event: the platform recognises an event delivered twice by it.",
    )
    payload = fields.Text(readonly=True, help="The JSON document sent to the platform.")
    state = fields.Selection(STATES, required=True, default="pending", readonly=True, index=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    last_attempt_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    last_status_code = fields.Integer(string="Last HTTP status", readonly=True)
    last_error = fields.Text(readonly=True)

    _due_idx = models.Index("(next_attempt_at, id) WHERE state = 'pending'")
    _ticket_sequence_uniq = models.UniqueIndex(
        "(ticket_id, sequence)", "Each event of a complaint has its own place in its order."
    )

    # ------------------------------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------------------------------

    @api.model
    def _enqueue(self, event, data_by_ticket):
        """Queue ``event`` for each complaint of ``data_by_ticket`` ({ticket: data dict}) whose
        platform has an endpoint; its payload is fixed now, so that a later send sends the
        same document. Returns the rows created."""
        # sudo: the outbox and the platform's endpoint are technical; any user whose action
        # moves a platform's complaint queues its event
        tickets = self.env["helpdesk.ticket"].sudo().browse([t.id for t in data_by_ticket])
        tickets = tickets.filtered(lambda t: t.complaint_platform_id.endpoint_url)
        if not tickets:
            return self.browse()
        last = dict(
            # sudo: these complaints' rows, whoever triggers the event (officers only read them)
            self.sudo()._read_group(
                [("ticket_id", "in", tickets.ids)], ["ticket_id"], ["sequence:max"]
            )
        )
        data = {ticket.id: value for ticket, value in data_by_ticket.items()}
        now = fields.Datetime.now()
        vals_list = []
        for ticket in tickets:
            sequence = (last.get(ticket) or 0) + 1
            event_uid = str(uuid.uuid4())
            document = {
                "event_id": event_uid,
                "event": event,
                "sequence": sequence,
                "occurred_at": iso_utc(now),
                "platform": ticket.complaint_platform_id.code,
                "external_ref": ticket.complaint_external_ref,
                "number": ticket.number,
                "status": ticket.complaint_phase,
                "data": data[ticket.id],
            }
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "platform_id": ticket.complaint_platform_id.id,
                    "event": event,
                    "sequence": sequence,
                    "event_uid": event_uid,
                    "payload": json.dumps(document, ensure_ascii=False, indent=1),
                    "next_attempt_at": now,
                }
            )
        # sudo: no group may create outbox rows; they are queued only here
        rows = self.sudo().create(vals_list)
        cron = self.env.ref("complaint_management.ir_cron_deliver_outbox", raise_if_not_found=False)
        if cron:
            # sudo: only administrators may write crons; a trigger only brings the next run forward
            cron.sudo()._trigger()
        return rows

    # ------------------------------------------------------------------------------------------
    # Delivery
    # ------------------------------------------------------------------------------------------

    @api.model
    def _lock_next_due(self, now):
        """The next event to send, locked: due, of an active platform, and the first of its
        complaint still to send (a later event waits while an earlier one is pending or
        failed). One indexed query; empty when nothing is due."""
        self.env.cr.execute(
            SQL(
                """
                SELECT o.id FROM complaint_outbox o
                  JOIN complaint_platform p ON p.id = o.platform_id
                 WHERE o.state = 'pending' AND o.next_attempt_at <= %s AND p.active
                   AND NOT EXISTS (
                        SELECT 1 FROM complaint_outbox e
                         WHERE e.ticket_id = o.ticket_id AND e.sequence < o.sequence
                           AND e.state IN ('pending', 'failed'))
              ORDER BY o.next_attempt_at, o.id
                 LIMIT 1
                   FOR UPDATE OF o SKIP LOCKED
                """,
                now,
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])

    @api.model
    def _cron_deliver(self, limit=200):
        """Send the due events one by one, each committed as soon as it is sent or failed;
        the first tick with nothing due costs one query."""
        Cron = self.env["ir.cron"]
        processed = 0
        while processed < limit:
            now = fields.Datetime.now()
            # sudo: the cron's user need not be an officer; the rows are written only by _deliver
            row = self.sudo()._lock_next_due(now)
            if not row:
                break
            row._deliver(now)
            processed += 1
            if Cron._commit_progress(1) <= 0:
                break
        else:
            # a full run: tell ir.cron what is still due, so that it runs again at once
            Cron._commit_progress(0, remaining=self._count_due())
        return processed

    @api.model
    def _count_due(self):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM complaint_outbox WHERE state = 'pending' "
                "AND next_attempt_at <= %s",
                fields.Datetime.now(),
            )
        )
        return self.env.cr.fetchone()[0]

    def _post(self):
        """POST the payload once: (HTTP status or 0, error text or False)."""
        self.ensure_one()
        # sudo: endpoint and token are for administrators only; they leave only in the request
        platform = self.platform_id.sudo()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Complaint-Event-Id": self.event_uid,
            "X-Complaint-Event": self.event,
        }
        if platform.auth_token:
            headers["Authorization"] = f"Bearer {platform.auth_token}"
        try:
            response = requests.post(
                platform.endpoint_url,
                data=(self.payload or "{}").encode(),
                headers=headers,
                timeout=TIMEOUT,
                # a redirection is a failure: the event goes where it was configured to, only
                allow_redirects=False,
            )
        except Exception as error:  # any failed attempt (network, bad address) is retried
            return 0, f"{type(error).__name__}: {error}"[:1000]
        if 200 <= response.status_code < 300:
            return response.status_code, False
        return response.status_code, f"HTTP {response.status_code}: {response.text[:500]}"

    def _deliver(self, now):
        """Send this (locked) event and record the outcome; after the last attempt it is
        marked failed, with a note on the complaint."""
        self.ensure_one()
        status, error = self._post()
        attempts = self.attempt_count + 1
        vals = {
            "attempt_count": attempts,
            "last_attempt_at": now,
            "last_status_code": status,
            "last_error": error,
        }
        if not error:
            vals.update({"state": "sent", "sent_at": now, "next_attempt_at": False})
            self.write(vals)
            return True
        delay = next_attempt_delay(attempts)
        if delay:
            vals["next_attempt_at"] = now + delay
        else:
            vals.update({"state": "failed", "next_attempt_at": False})
        self.write(vals)
        # a platform that is down for a while is expected: only giving up is a warning
        _logger.log(
            logging.INFO if delay else logging.WARNING,
            "Complaint event %s (%s) to platform %s, attempt %s: %s",
            self.id,
            self.event,
            self.platform_id.code,
            attempts,
            error,
        )
        if not delay:
            self.ticket_id._message_log(
                body=self.env._(
                    "The %(event)s event could not be delivered to %(platform)s after "
                    "%(count)s attempts: send it again from the outbox.",
                    event=self._event_label(),
                    platform=self.platform_id.name,
                    count=attempts,
                )
            )
        return False

    def _event_label(self):
        return dict(self._fields["event"]._description_selection(self.env)).get(self.event)

    # ------------------------------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------------------------------

    def _check_officer(self):
        if not (self.env.su or self.env.user.has_group(OFFICER)):
            raise AccessError(self.env._("Only complaint officers send platform events."))

    def action_send_again(self):
        """Send these events again at the next run (after a failure, or when the platform
        lost them); the back-off starts over."""
        self._check_officer()
        if self.filtered(lambda r: r.state == "cancelled"):
            raise UserError(self.env._("A cancelled event is not sent again."))
        # sudo: officers read the outbox; its rows change only through these buttons
        self.sudo().write(
            {
                "state": "pending",
                "attempt_count": 0,
                "next_attempt_at": fields.Datetime.now(),
                "last_error": False,
            }
        )
        # sudo: only administrators may write crons; a trigger only brings the next run forward
        self.env.ref("complaint_management.ir_cron_deliver_outbox").sudo()._trigger()
        return True

    def action_cancel(self):
        """Give up an event that will never be accepted, so that the complaint's later
        events go out."""
        self._check_officer()
        if self.filtered(lambda r: r.state not in ("pending", "failed")):
            raise UserError(self.env._("Only events still to send or failed can be cancelled."))
        # sudo: see action_send_again
        self.sudo().write({"state": "cancelled", "next_attempt_at": False})
        for row in self:
            row.ticket_id._message_log(
                body=self.env._(
                    "The %(event)s event to %(platform)s was cancelled by %(user)s.",
                    event=row._event_label(),
                    platform=row.platform_id.name,
                    user=self.env.user.name,
                )
            )
        return True

"""Complaints from external platforms: registered through the API (JSON-2 or our route), once
per work order, and followed by their procedure events in the outbox.

``complaint_register_from_platform`` is the one way in: it checks who calls, validates and
bounds the payload (``tools/platform.py``), maps the platform's codes to ours and creates the
complaint through the same create() as every other channel, inside a savepoint, so that a
refused payload or a race on the same work order leaves nothing behind.
"""

import logging
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.tools import html2plaintext, plaintext2html

from ..tools.platform import REF_RE, PayloadError, clean_payload, iso_utc, payload_digest
from .complaint_platform import INTEGRATION
from .helpdesk_ticket import PROCEDURE, SEVERITY_RANK

_logger = logging.getLogger(__name__)

OFFICER = "complaint_management.group_complaint_officer"
# set by the platform through the API only
PLATFORM_FIELDS = frozenset(
    {
        "complaint_platform_id",
        "complaint_external_ref",
        "complaint_platform_deadline",
        "complaint_platform_digest",
    }
)
# {error code: HTTP status}
API_ERRORS = {
    "unauthorized": 401,
    "forbidden": 403,
    "unknown_platform": 404,
    "not_found": 404,
    "duplicate_external_ref": 409,
    "payload_too_large": 413,
    "invalid_json": 400,
    "invalid_payload": 422,
    "missing_field": 422,
    "unknown_field": 422,
    "too_long": 422,
    "invalid_value": 422,
    "out_of_range": 422,
    "rate_limited": 429,
}
# {our field: the payload's}
PAYLOAD_VALS = {
    "name": "title",
    "complainant_request": "request",
    "complaint_event_date": "event_date",
    "complaint_event_location": "event_location",
    "complaint_accused_party": "accused_party",
    "complaint_product_service": "product_service",
    "complaint_is_anonymous": "anonymous",
    "complaint_is_confidential": "confidential",
    "complaint_external_ref": "external_ref",
    "complaint_platform_deadline": "deadline",
}


class ComplaintApiError(UserError):
    """An API error with a code: JSON-2 sends it in the error's ``context``, our route in its
    ``error`` object; the HTTP status follows the code."""

    def __init__(self, code, message, field=None):
        super().__init__(message)
        self.code = code
        self.field = field
        self.http_status = API_ERRORS.get(code, 422)
        self.context = {"code": code, "field": field}


# The platform concern of the ticket in a file of its own (fields, API, events), beside the
# complaint life in helpdesk_ticket.py: it reads and changes nothing there but its hooks.
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    complaint_platform_id = fields.Many2one(
        "complaint.platform",
        string="Platform",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The external platform that registered this complaint and receives its events.",
    )
    complaint_external_ref = fields.Char(
        string="Work order",
        readonly=True,
        copy=False,
        help="The platform's reference of this complaint (unique per platform).",
    )
    complaint_platform_deadline = fields.Datetime(
        string="Platform's deadline",
        readonly=True,
        copy=False,
        tracking=True,
        help="The deadline the platform set for this complaint.",
    )
    complaint_platform_digest = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Technical: fingerprint of the work order, to tell the same one sent again from "
        "another one with the same reference.",
    )
    complaint_outbox_ids = fields.One2many(
        "complaint.outbox", "ticket_id", string="Platform events", groups=OFFICER
    )

    _complaint_external_ref_uniq = models.UniqueIndex(
        "(complaint_platform_id, complaint_external_ref) WHERE complaint_external_ref IS NOT NULL",
        "This platform already registered a complaint with this work order.",
    )
    _complaint_platform_rate_idx = models.Index(
        "(complaint_platform_id, create_date) WHERE complaint_platform_id IS NOT NULL"
    )

    def write(self, vals):
        if PLATFORM_FIELDS & vals.keys() and not self.env.su:
            raise AccessError(
                self.env._(
                    "The platform, work order and platform's deadline of a complaint come from "
                    "the platform; they cannot be changed."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------------------------------
    # The API (JSON-2: POST /json/2/helpdesk.ticket/<method>; our route calls the same)
    # ------------------------------------------------------------------------------------------

    @api.model
    def complaint_register_from_platform(self, platform_code, payload):
        """Register a platform's work order as a complaint, once.

        Returns {id, number, external_ref, status, created, warnings}: ``created`` is false
        when the same work order was registered before (the existing complaint is returned);
        the same reference with other content is refused (duplicate_external_ref)."""
        platform = self._complaint_api_platform(platform_code)
        try:
            cleaned = clean_payload(
                payload,
                fields.Datetime.now(),
                platform.tz or platform.company_id._get_complaint_tz(),
            )
        except PayloadError as error:
            raise self._complaint_api_payload_error(error) from None
        digest = payload_digest(cleaned)
        Ticket = self._complaint_api_env(platform)
        existing = Ticket._complaint_find_platform_ticket(platform, cleaned["external_ref"])
        if existing:
            return existing._complaint_api_answer(digest, created=False)
        Ticket._complaint_check_rate(platform)
        vals, warnings = Ticket._prepare_platform_complaint_values(platform, cleaned, digest)
        try:
            with self.env.cr.savepoint():
                ticket = Ticket.create(vals)
                ticket._complaint_apply_platform_urgency(platform, cleaned)
        except UniqueViolation:
            # the same work order registered by a concurrent call: return it, or have the
            # request retried (it committed after our snapshot) to see it
            existing = Ticket._complaint_find_platform_ticket(platform, cleaned["external_ref"])
            if not existing:
                raise ConcurrencyError("Same work order registered concurrently") from None
            return existing._complaint_api_answer(digest, created=False)
        except (ValidationError, UserError) as error:
            raise ComplaintApiError("invalid_payload", str(error)) from None
        if warnings:
            ticket._message_log(
                body=self.env._(
                    "The platform sent codes without a mapping: %(codes)s",
                    codes=", ".join(f"{w['field']}={w['value']}" for w in warnings),
                )
            )
        return ticket._complaint_api_answer(digest, created=True, warnings=warnings)

    @api.model
    def complaint_platform_status(self, platform_code, external_ref):
        """{id, number, external_ref, status, platform_deadline} of a platform's work order."""
        platform = self._complaint_api_platform(platform_code)
        if not isinstance(external_ref, str) or not REF_RE.match(external_ref):
            raise ComplaintApiError(
                "invalid_value",
                self.env._("%(field)s has an invalid value.", field="external_ref"),
                "external_ref",
            )
        ticket = self._complaint_api_env(platform)._complaint_find_platform_ticket(
            platform, external_ref
        )
        if not ticket:
            raise ComplaintApiError(
                "not_found",
                self.env._(
                    "The platform %(platform)s registered no work order %(ref)s.",
                    platform=platform.code,
                    ref=external_ref,
                ),
                "external_ref",
            )
        return {
            "id": ticket.id,
            "number": ticket.number,
            "external_ref": ticket.complaint_external_ref,
            "status": ticket.complaint_phase,
            "platform_deadline": iso_utc(ticket.complaint_platform_deadline),
        }

    @api.model
    def _complaint_api_platform(self, platform_code):
        """The platform of ``platform_code`` if the current user is its integration user."""
        user = self.env.user
        if not (self.env.su or user.has_group(INTEGRATION)):
            raise ComplaintApiError(
                "forbidden",
                self.env._("%(user)s may not register complaints for platforms.", user=user.name),
            )
        platform = self.env["complaint.platform"]
        if isinstance(platform_code, str) and len(platform_code) <= 32:
            # sudo: the integration user reads nothing but its own platform, checked below
            platform = platform.sudo().search([("code", "=", platform_code)], limit=1)
        if not platform:
            raise ComplaintApiError(
                "unknown_platform",
                self.env._(
                    "No active platform has the code %(code)s.", code=str(platform_code)[:32]
                ),
                "platform_code",
            )
        if not self.env.su and platform.integration_user_id != user:
            raise ComplaintApiError(
                "forbidden",
                self.env._(
                    "%(user)s is not the integration user of the platform %(platform)s.",
                    user=user.name,
                    platform=platform.code,
                ),
            )
        return platform

    @api.model
    def _complaint_api_env(self, platform):
        """Where the platform's complaints are made: as superuser (the integration user has no
        other right), in the platform's company, with a context the caller cannot fill (JSON-2
        passes the client's context: no default_* value reaches the complaint)."""
        company = platform.company_id
        context = {
            "lang": company.partner_id.lang or "en_US",
            "tz": company._get_complaint_tz(),
            "mail_create_nosubscribe": True,
        }
        # sudo: the integration user may only call this path, which checked it
        return self.with_env(self.env(context=context)).with_company(company).sudo()

    @api.model
    def _complaint_api_payload_error(self, error):
        field = error.field
        messages = {
            "missing_field": self.env._("%(field)s is required.", field=field),
            "unknown_field": self.env._("%(field)s is not a field of a complaint.", field=field),
            "too_long": self.env._(
                "%(field)s is longer than %(limit)s characters.", field=field, limit=error.limit
            ),
            "invalid_value": self.env._("%(field)s has an invalid value.", field=field),
            "out_of_range": self.env._("%(field)s is out of the accepted range.", field=field),
        }
        message = messages.get(error.code) or self.env._("The payload must be a JSON object.")
        return ComplaintApiError(error.code, message, field)

    def _complaint_find_platform_ticket(self, platform, external_ref):
        return self.with_context(active_test=False).search(
            [
                ("complaint_platform_id", "=", platform.id),
                ("complaint_external_ref", "=", external_ref),
            ],
            limit=1,
        )

    def _complaint_check_rate(self, platform):
        if not platform.rate_limit:
            return
        count = self.search_count(
            [
                ("complaint_platform_id", "=", platform.id),
                ("create_date", ">=", fields.Datetime.now() - timedelta(minutes=1)),
            ],
            limit=platform.rate_limit,
        )
        if count >= platform.rate_limit:
            raise ComplaintApiError(
                "rate_limited",
                self.env._(
                    "More than %(count)s complaints in a minute from %(platform)s: send the "
                    "next ones a little later.",
                    count=platform.rate_limit,
                    platform=platform.code,
                ),
            )

    def _prepare_platform_complaint_values(self, platform, cleaned, digest):
        """(create values, [unmapped codes]) of a cleaned payload."""
        vals = {ours: cleaned[theirs] for ours, theirs in PAYLOAD_VALS.items()}
        vals.update(
            {
                "is_complaint": True,
                "description": plaintext2html(cleaned["description"]),
                "complaint_platform_id": platform.id,
                "complaint_platform_digest": digest,
                "channel_id": platform.channel_id.id,
                "company_id": platform.company_id.id,
                "complaint_first_contact_user_id": (
                    platform.first_contact_user_id or platform.integration_user_id
                ).id,
            }
        )
        # the identity goes to complaint.complainant (create() moves it); never sent back
        for key, value in cleaned["complainant"].items():
            vals[f"complainant_{key}"] = value
        mappings = platform._get_mappings()
        warnings = []
        for kind in ("category", "region", "urgency"):
            code = cleaned[f"{kind}_code"]
            if not code:
                continue
            mapping = mappings.get((kind, code))
            if not mapping:
                warnings.append({"code": "unmapped_code", "field": f"{kind}_code", "value": code})
                continue
            mapped = mapping._get_ticket_values()
            # the urgency's severity is a minimum, applied after the classification
            mapped.pop("complaint_severity", None)
            vals.update(mapped)
        return vals, warnings

    def _complaint_apply_platform_urgency(self, platform, cleaned):
        """The urgency's severity as a floor: a complaint the criteria made major stays so."""
        mapping = platform._get_mappings().get(("urgency", cleaned["urgency_code"]))
        if not mapping or not mapping.severity:
            return
        floor = SEVERITY_RANK[mapping.severity]
        if SEVERITY_RANK.get(self.complaint_severity, 0) < floor:
            self.with_context(complaint_procedure=PROCEDURE).write(
                {"complaint_severity": mapping.severity}
            )

    def _complaint_api_answer(self, digest, created, warnings=()):
        self.ensure_one()
        # sudo: the digest is an administrators' field; it is compared, never returned
        if not created and self.sudo().complaint_platform_digest != digest:
            raise ComplaintApiError(
                "duplicate_external_ref",
                self.env._(
                    "The work order %(ref)s was already registered as %(number)s with other "
                    "content.",
                    ref=self.complaint_external_ref,
                    number=self.number,
                ),
                "external_ref",
            )
        return {
            "id": self.id,
            "number": self.number,
            "external_ref": self.complaint_external_ref,
            "status": self.complaint_phase,
            "created": created,
            "warnings": list(warnings),
        }

    # ------------------------------------------------------------------------------------------
    # Procedure events for the platform (the outbox)
    # ------------------------------------------------------------------------------------------

    def _complaint_platform_tickets(self):
        return self.filtered(lambda t: t.is_complaint and t.complaint_platform_id)

    def _complaint_queue_event(self, event, extra=None):
        """Queue ``event`` for these platform complaints; texts in the company's language.
        Only the procedure's facts are sent, never the complainant's identity."""
        tickets = self._complaint_platform_tickets()
        if not tickets:
            return
        builders = {
            "accepted": lambda t: {
                "accepted_at": iso_utc(t.complaint_accepted_date),
                "unit": t.team_id.name,
                "emergency": t.complaint_is_emergency,
            },
            "refused": lambda t: {
                "reason": t.complaint_refusal_reason_id.name,
                "guidance": t.complaint_refusal_reason_id.guidance or None,
                "note": t.complaint_refusal_note or None,
            },
            "transferred": lambda t: {
                "transferred_at": iso_utc(t.complaint_transfer_date),
                "body": t.complaint_transfer_body,
                "method": t.complaint_transfer_method,
            },
            "replied": lambda t: {
                "replied_at": iso_utc(t.complaint_reply_date),
                "method": t.complaint_reply_method,
                "reply": html2plaintext(t.complaint_reply_ids[:1].body or "")[:5000] or None,
            },
            "closed": lambda t: {
                "closed_at": iso_utc(fields.Datetime.now()),
                "verdict": t.complaint_verdict,
                "result": t.complaint_result_summary or None,
            },
        }
        data = {}
        # sudo: the facts of a step (reason, reply) are read whoever took it
        for ticket in tickets.sudo():
            lang = ticket.company_id.partner_id.lang or "en_US"
            build = builders.get(event)
            values = build(ticket.with_context(lang=lang)) if build else {}
            data[ticket] = dict(values, **(extra or {}))
        self.env["complaint.outbox"]._enqueue(event, data)

    def _on_complaint_registered(self):
        result = super()._on_complaint_registered()
        # an emergency is accepted and dispatched at registration
        self.filtered(lambda t: t.complaint_phase == "dispatched")._complaint_queue_event(
            "accepted"
        )
        return result

    def _on_complaint_stage_changed(self, old_stages):
        result = super()._on_complaint_stage_changed(old_stages)
        tickets = self._complaint_platform_tickets()
        if not tickets:
            return result

        def old_phase(ticket):
            return old_stages[ticket.id].complaint_phase if ticket.id in old_stages else False

        tickets.filtered(
            lambda t: t.complaint_phase == "dispatched" and old_phase(t) == "new"
        )._complaint_queue_event("accepted")
        for phase in ("refused", "transferred"):
            tickets.filtered(
                lambda t, p=phase: t.complaint_phase == p and old_phase(t) != p
            )._complaint_queue_event(phase)
        return result

    def _on_complaint_replied(self):
        result = super()._on_complaint_replied()
        self._complaint_queue_event("replied")
        return result

    def _on_complaint_closed(self):
        result = super()._on_complaint_closed()
        self._complaint_queue_event("closed")
        return result

    def _on_complaint_reopened(self, reason):
        result = super()._on_complaint_reopened(reason)
        self._complaint_queue_event("reopened", {"reason": (reason or "")[:2000]})
        return result

    def _on_complaint_deadline_extended(self, deadline):
        result = super()._on_complaint_deadline_extended(deadline)
        self._complaint_queue_event("extended", {"deadline": iso_utc(deadline)})
        return result

"""External platforms (12345 government hotlines, a group's case system ...) that register
complaints through the API and receive the complaint's procedure events back (the outbox)."""

import re
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

PLATFORM_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,31}$")
INTEGRATION = "complaint_management.group_complaint_integration"


class ComplaintPlatform(models.Model):
    _name = "complaint.platform"
    _description = "Complaint Platform"
    _order = "sequence, name, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    code = fields.Char(
        required=True,
        help="Short code of the platform in the API (lower case letters, digits, - and _): "
        "POST /complaint/api/v1/<code>/complaints.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    integration_user_id = fields.Many2one(
        "res.users",
        string="Integration user",
        required=True,
        ondelete="restrict",
        domain=[("share", "=", False)],
        help="The user whose API key the platform uses; it needs the Complaint integration "
        "group and nothing else.",
    )
    first_contact_user_id = fields.Many2one(
        "res.users",
        string="First-contact owner",
        domain=[("share", "=", False)],
        help="Who answers for the platform's complaints towards the complainant (首问负责制); "
        "empty: the integration user.",
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        default=lambda self: self.env.ref(
            "complaint_management.channel_12345", raise_if_not_found=False
        ),
        help="Channel of the complaints the platform registers.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time zone",
        default=lambda self: self.env.company._get_complaint_tz(),
        help="Time zone of the dates the platform sends without an offset.",
    )
    rate_limit = fields.Integer(
        string="Complaints per minute",
        default=120,
        help="At most this many new complaints per minute from the platform; 0: no limit.",
    )
    # where the events go: technical settings for administrators (an outbound address chosen
    # by anybody else could be used to probe the internal network)
    endpoint_url = fields.Char(
        string="Endpoint URL",
        groups="base.group_system",
        help="HTTPS address the procedure events are POSTed to; empty: no events are sent.",
    )
    auth_token = fields.Char(
        string="Outbound token",
        groups="base.group_system",
        copy=False,
        help="Sent as 'Authorization: Bearer <token>' with every event.",
    )
    sends_events = fields.Boolean(
        compute="_compute_sends_events", help="An endpoint is set: events are queued."
    )
    mapping_ids = fields.One2many("complaint.platform.mapping", "platform_id", string="Mappings")
    outbox_pending_count = fields.Integer(compute="_compute_outbox_counts")
    outbox_failed_count = fields.Integer(compute="_compute_outbox_counts")

    _code_uniq = models.Constraint("UNIQUE(code)", "Another platform already has this code.")

    @api.depends_context("uid")
    def _compute_sends_events(self):
        # sudo: whether an endpoint is set is not secret, the address is
        for platform, platform_sudo in zip(self, self.sudo(), strict=True):
            platform.sends_events = bool(platform_sudo.endpoint_url)

    def _compute_outbox_counts(self):
        groups = self.env["complaint.outbox"]._read_group(
            [("platform_id", "in", self.ids), ("state", "in", ("pending", "failed"))],
            ["platform_id", "state"],
            ["__count"],
        )
        counts = {(platform.id, state): count for platform, state, count in groups}
        for platform in self:
            platform.outbox_pending_count = counts.get((platform.id, "pending"), 0)
            platform.outbox_failed_count = counts.get((platform.id, "failed"), 0)

    @api.constrains("code")
    def _check_code(self):
        for platform in self:
            if not PLATFORM_CODE_RE.match(platform.code or ""):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a valid platform code: use up to 32 lower case "
                        "letters, digits, - and _.",
                        code=platform.code,
                    )
                )

    @api.constrains("endpoint_url")
    def _check_endpoint_url(self):
        # sudo: endpoint_url is an administrators' field; a manager's write is checked the same
        for platform in self.sudo():
            url = platform.endpoint_url
            if not url:
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
                raise ValidationError(
                    self.env._("%(url)s is not a valid endpoint: give an http(s) address.", url=url)
                )

    @api.constrains("rate_limit")
    def _check_rate_limit(self):
        if any(platform.rate_limit < 0 for platform in self):
            raise ValidationError(self.env._("The rate limit cannot be negative."))

    @api.constrains("integration_user_id")
    def _check_integration_user(self):
        for platform in self:
            if not platform.integration_user_id.has_group(INTEGRATION):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not in the Complaint integration group: give them that "
                        "group before using them for a platform.",
                        user=platform.integration_user_id.display_name,
                    )
                )

    def _get_mappings(self):
        """{(kind, external code): mapping} of the platform's active mappings."""
        self.ensure_one()
        return {(m.kind, m.external_code): m for m in self.mapping_ids.filtered("active")}

    def action_view_outbox(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_outbox_action"
        )
        action["domain"] = [("platform_id", "=", self.id)]
        action["context"] = {"search_default_not_sent": 1}
        return action

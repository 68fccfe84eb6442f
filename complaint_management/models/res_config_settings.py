"""Complaint settings; defaults ship in data/complaint_config_data.xml."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.notification import notification_action

PREFIX = "complaint_management."


# the web form's description limit cannot go below this
MIN_TEXT_LENGTH = 200


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_max_hops = fields.Integer(
        string="Maximum reassignments",
        config_parameter=PREFIX + "max_hops",
        help="Further disputes about the responsible unit go to the coordinator.",
    )
    complaint_coordinator_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        config_parameter=PREFIX + "coordinator_id",
        help="Decides disputed assignments once the maximum of reassignments is reached.",
    )
    complaint_repeat_window_days = fields.Integer(
        string="Repeat window (days)", config_parameter=PREFIX + "repeat_window_days"
    )
    complaint_collective_threshold = fields.Integer(
        string="Collective complaint from", config_parameter=PREFIX + "collective_threshold"
    )
    complaint_collective_window_days = fields.Integer(
        string="Collective window (days)", config_parameter=PREFIX + "collective_window_days"
    )
    complaint_collective_auto_link = fields.Boolean(
        string="Link collective complaints automatically",
        config_parameter=PREFIX + "collective_auto_link",
    )
    complaint_major_unresolved_days = fields.Integer(
        string="Major when unresolved after (days)",
        config_parameter=PREFIX + "major_unresolved_days",
    )
    complaint_major_on_promise_broken = fields.Boolean(
        string="Major: promised service not delivered",
        config_parameter=PREFIX + "major_on_promise_broken",
    )
    complaint_major_on_serious_loss = fields.Boolean(
        string="Major: serious loss or injury", config_parameter=PREFIX + "major_on_serious_loss"
    )
    complaint_major_on_authority_involved = fields.Boolean(
        string="Major: government or media involved",
        config_parameter=PREFIX + "major_on_authority_involved",
    )
    complaint_major_on_is_collective = fields.Boolean(
        string="Major: collective complaint", config_parameter=PREFIX + "major_on_is_collective"
    )
    complaint_major_on_long_unresolved = fields.Boolean(
        string="Major: unresolved too long",
        config_parameter=PREFIX + "major_on_long_unresolved",
    )

    complaint_portal_max_attachments = fields.Integer(
        string="Attachments per complaint", config_parameter=PREFIX + "portal_max_attachments"
    )
    complaint_portal_max_attachment_mb = fields.Integer(
        string="Size of each attachment (MB)", config_parameter=PREFIX + "portal_max_attachment_mb"
    )
    complaint_portal_allowed_extensions = fields.Char(
        string="Accepted file types", config_parameter=PREFIX + "portal_allowed_extensions"
    )
    complaint_portal_max_text_length = fields.Integer(
        string="Length of the description", config_parameter=PREFIX + "portal_max_text_length"
    )
    complaint_portal_rate_limit_per_hour = fields.Integer(
        string="Complaints per address and hour",
        config_parameter=PREFIX + "portal_rate_limit_per_hour",
    )
    complaint_export_queue_threshold = fields.Integer(
        string="Queue exports above", config_parameter=PREFIX + "export_queue_threshold"
    )
    complaint_portal_show_handler_names = fields.Boolean(
        string="Show handler names to complainants",
        config_parameter=PREFIX + "portal_show_handler_names",
        help="Off: replies on the tracking page are signed with the organisation's name.",
    )
    complaint_portal_min_fill_seconds = fields.Integer(
        string="Minimum time to fill the form (seconds)",
        config_parameter=PREFIX + "portal_min_fill_seconds",
    )

    @api.constrains(
        "complaint_portal_max_attachments",
        "complaint_portal_max_attachment_mb",
        "complaint_portal_max_text_length",
        "complaint_portal_rate_limit_per_hour",
        "complaint_portal_min_fill_seconds",
    )
    def _check_complaint_portal_limits(self):
        """The web form's limits, as a public form can live with: a negative number of files
        refused every complaint, files or not ("At most -1 files.")."""
        for settings in self:
            for name in (
                "complaint_portal_max_attachments",
                "complaint_portal_max_attachment_mb",
                "complaint_portal_rate_limit_per_hour",
                "complaint_portal_min_fill_seconds",
            ):
                if settings[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s cannot be negative.",
                            setting=settings._fields[name].get_description(self.env)["string"],
                        )
                    )
            length = settings.complaint_portal_max_text_length
            if length and length < MIN_TEXT_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Allow at least %(count)s characters in the description of a web "
                        "complaint: a shorter limit refuses most complaints.",
                        count=MIN_TEXT_LENGTH,
                    )
                )

    def _load_category_pack(self, pack):
        categories = (
            self.env["helpdesk.ticket.category"]
            .with_context(active_test=False)
            .search([("complaint_pack", "=", pack), ("active", "=", False)])
        )
        categories.write({"active": True})
        return notification_action(
            self.env._("%(count)s categories loaded.", count=len(categories)), "success"
        )

    def action_load_pack_property(self):
        return self._load_category_pack("property")

    def action_load_pack_utility(self):
        return self._load_category_pack("utility")

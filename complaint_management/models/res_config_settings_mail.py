"""Settings of the complaint e-mail channel."""
# the e-mail channel's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models

from .res_config_settings import PREFIX


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_mail_reply_reopens = fields.Boolean(
        string="A mail on a closed complaint reopens it",
        config_parameter=PREFIX + "mail_reply_reopens",
        help="A mail from the complainant quoting the tracking number of a closed complaint "
        "reopens it to the lead unit; otherwise it is only added to the complaint.",
    )

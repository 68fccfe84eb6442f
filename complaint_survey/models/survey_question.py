"""Survey questions tell which complaint dimension they measure (attitude, efficiency, result,
overall), so any survey edited in the survey app can serve as callback survey."""

from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    complaint_dimension = fields.Selection(
        [
            ("attitude", "Attitude of staff"),
            ("efficiency", "Working style and efficiency"),
            ("result", "Result"),
            ("overall", "Overall satisfaction"),
            ("comment", "Comment"),
        ],
        help="What this question measures in a complaint callback.",
    )

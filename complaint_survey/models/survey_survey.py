"""A survey can serve as complaint callback survey only with a mapped overall question."""

from odoo import models
from odoo.exceptions import ValidationError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    def _check_complaint_callback_survey(self):
        for survey in self:
            overall = survey.question_ids.filtered(
                lambda q: q.complaint_dimension == "overall" and q.question_type == "simple_choice"
            )
            levels = set(overall.suggested_answer_ids.mapped("complaint_satisfaction"))
            if not overall or not {"satisfied", "dissatisfied"} <= levels:
                raise ValidationError(
                    self.env._(
                        "Survey %(title)s cannot be the callback survey: it needs a "
                        "single-choice question marked as 'Overall satisfaction' whose answers "
                        "are mapped to satisfied / basically satisfied / dissatisfied.",
                        title=survey.title,
                    )
                )

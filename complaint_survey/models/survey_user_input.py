"""A finished callback survey lands on its complaint."""

from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    complaint_callback_id = fields.Many2one(
        "complaint.callback", index=True, readonly=True, ondelete="set null"
    )

    def _mark_done(self):
        result = super()._mark_done()
        # sudo: the complainant answering through a token is the public user
        for user_input in self.sudo():
            callback = user_input.complaint_callback_id
            if callback.state == "planned":
                callback._record_answer(user_input)
        return result

    def _get_complaint_results(self):
        """{dimension: satisfaction level or comment text} of this answer."""
        self.ensure_one()
        results = {}
        for line in self.user_input_line_ids:
            dimension = line.question_id.complaint_dimension
            if not dimension or line.skipped:
                continue
            if dimension == "comment":
                results["comment"] = line.value_text_box or line.value_char_box or ""
            elif line.suggested_answer_id.complaint_satisfaction:
                results[dimension] = line.suggested_answer_id.complaint_satisfaction
        return results

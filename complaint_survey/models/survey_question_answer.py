"""Suggested answers map to satisfaction levels: 满意 / 基本满意 / 不满意."""

from odoo import fields, models

SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("basic", "Basically satisfied"),
    ("dissatisfied", "Dissatisfied"),
]


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    complaint_satisfaction = fields.Selection(SATISFACTION, string="Satisfaction level")

"""Hot issues (热点问题) of a period on screen: the most frequent categories, places and accused
parties, beside the same number of days just before. Lines are computed as the user who asks
(their record rules apply) by the export wizard's *Show hot issues*."""

from odoo import api, fields, models


class ComplaintHotIssue(models.TransientModel):
    _name = "complaint.hot.issue"
    _description = "Complaint Hot Issue"
    _order = "kind, rank"

    kind = fields.Selection(
        [
            ("category", "Top categories"),
            ("place", "Top places"),
            ("accused", "Top accused units or persons"),
        ],
        required=True,
        readonly=True,
    )
    rank = fields.Integer(readonly=True, aggregator=False)
    name = fields.Char(readonly=True)
    count = fields.Integer(string="This period", readonly=True, aggregator="sum")
    previous_count = fields.Integer(string="Previous period", readonly=True, aggregator="sum")
    change = fields.Float(
        compute="_compute_change",
        help="Change against the previous period; empty when the issue is new.",
    )
    is_new = fields.Boolean(string="New", compute="_compute_change")
    date_from = fields.Date(readonly=True)
    date_to = fields.Date(readonly=True)

    @api.depends("count", "previous_count")
    def _compute_change(self):
        for line in self:
            line.is_new = not line.previous_count
            line.change = (
                (line.count - line.previous_count) / line.previous_count
                if line.previous_count
                else 0.0
            )

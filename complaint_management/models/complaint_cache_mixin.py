"""Configuration whose changes clear the registry's ormcaches.

Complaint code caches what it reads on every registration (routing rules, deadline rules,
working schedules of calendars) with ``tools.ormcache``; models holding that configuration
inherit this mixin, so a change is seen at once by every worker.
"""

from odoo import api, models


class ComplaintCacheMixin(models.AbstractModel):
    _name = "complaint.cache.mixin"
    _description = "Configuration cached by complaint handling"

    def _clears_complaint_cache(self):
        """Whether changing these records changes cached values (override to narrow)."""
        return True

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._clears_complaint_cache():
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        relevant = self._clears_complaint_cache()
        result = super().write(vals)
        if relevant or self._clears_complaint_cache():
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        relevant = self._clears_complaint_cache()
        result = super().unlink()
        if relevant:
            self.env.registry.clear_cache()
        return result

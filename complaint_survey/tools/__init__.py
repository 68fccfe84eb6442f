"""Pure-Python helpers of complaint_survey (no Odoo import)."""

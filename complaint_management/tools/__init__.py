"""Pure-Python helpers of complaint_management (no Odoo import): tested and benchmarked alone."""

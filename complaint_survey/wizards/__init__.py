from . import complaint_export_wizard

from . import complaint_holiday_import_wizard

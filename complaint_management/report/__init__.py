from . import complaint_report

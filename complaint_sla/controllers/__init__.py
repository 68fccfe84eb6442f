from . import complaint_portal

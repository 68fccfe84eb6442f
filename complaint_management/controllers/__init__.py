from . import complaint_api, complaint_portal

from . import complaint_portal, main

from . import complaint_callback

from . import test_smoke
from . import test_callback
from . import test_satisfaction

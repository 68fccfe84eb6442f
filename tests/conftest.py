"""Plain pytest setup: import the addons' pure modules (complaint_sla.timing, ...) without
executing the addons' __init__.py, which imports Odoo models."""

import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

for _addon in ("complaint_management", "complaint_sla", "complaint_survey"):
    if _addon not in sys.modules:
        _package = types.ModuleType(_addon)
        _package.__path__ = [str(REPO / _addon)]
        sys.modules[_addon] = _package

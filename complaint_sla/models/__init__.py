from . import complaint_sla_rule

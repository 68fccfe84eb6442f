from . import (
    complaint_calendar_workday,
    complaint_clock,
    complaint_escalation_level,
    complaint_extension,
    complaint_flag,
    complaint_sla_rule,
    complaint_supervision,
    helpdesk_ticket,
    helpdesk_ticket_stage,
    helpdesk_ticket_team,
    resource_calendar,
)

from . import complaint_refusal_reason, helpdesk_ticket

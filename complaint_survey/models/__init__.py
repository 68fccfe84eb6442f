from . import (
    complaint_callback,
    complaint_satisfaction_report,
    complaint_satisfaction_unit,
    helpdesk_ticket,
    helpdesk_ticket_category,
    res_config_settings,
    survey_question,
    survey_question_answer,
    survey_survey,
    survey_user_input,
)

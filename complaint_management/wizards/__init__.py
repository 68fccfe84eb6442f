from . import (
    complaint_export_wizard,
    complaint_hot_issue,
    complaint_reassign_wizard,
    complaint_refuse_wizard,
    complaint_reopen_wizard,
    complaint_reply_wizard,
    complaint_transfer_wizard,
    complaint_unflag_wizard,
)

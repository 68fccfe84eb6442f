"""Working-time arithmetic for complaint deadlines: pure Python, no Odoo import.

The addon fetches a calendar's working intervals once per batch (holidays removed, make-up
working days added) into a :class:`WorkSchedule`; deadlines are then computed by bisecting
cumulative working seconds, in microseconds per complaint.
"""

from .deadline import (
    UNITS,
    compute_deadline,
    elapsed_ratio,
    extend_by_pause,
    paused_time,
    push_deadline,
    warning_time,
)
from .schedule import ScheduleExhausted, WorkSchedule, build_weekly_intervals

__all__ = [
    "UNITS",
    "ScheduleExhausted",
    "WorkSchedule",
    "build_weekly_intervals",
    "compute_deadline",
    "elapsed_ratio",
    "extend_by_pause",
    "paused_time",
    "push_deadline",
    "warning_time",
]

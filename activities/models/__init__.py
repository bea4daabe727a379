from .activity import Activity, ActivityKind, ActivityPhoto, ActivityReach, CoOrganizer
from .counts import ActivityCount
from .partners import SocialOrganization, Team
from .reminder import Reminder

__all__ = [
    "Activity",
    "ActivityCount",
    "ActivityKind",
    "ActivityPhoto",
    "ActivityReach",
    "CoOrganizer",
    "Reminder",
    "SocialOrganization",
    "Team",
]

from .activity import Activity, ActivityKind, ActivityPhoto, ActivityReach, CoOrganizer
from .partners import SocialOrganization, Team
from .reminder import Reminder

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityPhoto",
    "ActivityReach",
    "CoOrganizer",
    "Reminder",
    "SocialOrganization",
    "Team",
]

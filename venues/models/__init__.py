from .centre import CommunityCentre
from .cluster import ClusterMembership, VenueCluster
from .online import ConsultationRequest, OnlineService
from .upgrade import Upgrade, UpgradePhoto
from .venue import Venue

__all__ = [
    "ClusterMembership",
    "CommunityCentre",
    "ConsultationRequest",
    "OnlineService",
    "Upgrade",
    "UpgradePhoto",
    "Venue",
    "VenueCluster",
]

from .cluster import ClusterMembership, VenueCluster
from .online import ConsultationRequest, OnlineService
from .upgrade import Upgrade, UpgradePhoto
from .venue import Venue

__all__ = [
    "ClusterMembership",
    "ConsultationRequest",
    "OnlineService",
    "Upgrade",
    "UpgradePhoto",
    "Venue",
    "VenueCluster",
]

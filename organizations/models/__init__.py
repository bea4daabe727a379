from .clusters import JointBuildingCluster
from .federation import Federation
from .generation import DataGeneration
from .member_units import MemberUnit, MemberUnitMembership
from .women import WomenOrganization

__all__ = [
    "DataGeneration",
    "Federation",
    "JointBuildingCluster",
    "MemberUnit",
    "MemberUnitMembership",
    "WomenOrganization",
]

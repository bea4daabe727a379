from .clusters import JointBuildingCluster
from .federation import Federation
from .member_units import MemberUnit, MemberUnitMembership
from .women import WomenOrganization

__all__ = ["Federation", "JointBuildingCluster", "MemberUnit", "MemberUnitMembership", "WomenOrganization"]

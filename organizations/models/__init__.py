from .federation import Federation
from .member_units import MemberUnit, MemberUnitMembership

__all__ = ["Federation", "MemberUnit", "MemberUnitMembership"]

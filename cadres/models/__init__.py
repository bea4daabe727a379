from .elections import Election
from .people import PartyOrganization, Person, Post

__all__ = ["Election", "PartyOrganization", "Person", "Post"]

"""Cadre fixtures on the shared small tree: ``staff(fed, n)`` fills an executive committee."""

import pytest

from cadres.choices import Position
from tests.cadres.factories import PersonFactory, PostFactory


@pytest.fixture
def staff(db):
    """``staff(federation, size, chair=True, chair_in_two=True)``: a full committee; returns its posts."""

    def make(federation, size, chair=True, chair_in_two=True):
        posts = []
        if chair:
            posts.append(PostFactory(federation=federation, position=Position.CHAIR, in_two_committees=chair_in_two))
        while len(posts) < size:
            posts.append(PostFactory(federation=federation, position=Position.EXEC_MEMBER))
        return posts

    return make


@pytest.fixture
def chair(tree):
    """The sitting chair of 东亭社区 (S1C1), a 两委 member, phone 13812345678."""
    person = PersonFactory(federation=tree.s1c1, name="李主席", phone="13812345678")
    return PostFactory(person=person, federation=tree.s1c1, position=Position.CHAIR, in_two_committees=True)

"""Fixtures for the bad-input, deletion and race tests: the shared tree, cadre and venue fixtures."""

from tests.cadres.conftest import chair, staff  # noqa: F401
from tests.organizations.conftest import make_org, make_unit  # noqa: F401, E402
from tests.venues.conftest import cluster, homes, make_venue  # noqa: F401

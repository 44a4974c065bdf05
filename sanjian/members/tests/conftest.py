"""The members of the test world: ``crew`` (``sanjian.testing.members``)."""

from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)
from sanjian.testing.members import crew  # noqa: F401  (the fixture)

"""The reports tests' shared fixtures: the demo, loaded once per module (``sanjian.testing.demo``)."""

from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)

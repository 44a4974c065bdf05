"""The project's settings with the benchmark's URLs (a bare-insert view beside the real ones)."""

from sanjian.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

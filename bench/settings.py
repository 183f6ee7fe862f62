"""Settings of the benchmark's gunicorn and profiling processes: the project's, plus a bare view.

Used as DJANGO_SETTINGS_MODULE=bench.settings; the bare view gives the cost of the framework, the
middleware and the server alone, next to the real pages measured in the same run.
"""

from sifasuo.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.bare_urls"

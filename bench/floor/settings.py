"""Settings of the floor project: the least a Django site with a database needs.

``DATABASE_URL`` picks PostgreSQL as for the app; otherwise SQLite under ``SANJIAN_DATA_DIR``
with the app's own PRAGMAs (WAL, synchronous NORMAL, IMMEDIATE transactions), so that the
engine settings cancel out of every ratio. Connections persist (``CONN_MAX_AGE`` None): the
floor is what Django costs when nothing is spent on reconnecting.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("SANJIAN_DATA_DIR") or Path(__file__).resolve().parent / "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "floor-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bench.floor"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "bench.floor.urls"
WSGI_APPLICATION = "bench.floor.wsgi.application"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {"version": 1, "disable_existing_loggers": False}

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "floor.sqlite3",
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

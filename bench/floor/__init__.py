"""The floor: a minimal Django project measured beside Sanjian in every benchmark run.

One model, an insert view and a hello view, ``CommonMiddleware`` only, persistent database
connections, the same database engine, file and PRAGMAs as the app. What the app costs above
this is the price of its stack (middleware, sessions, lookups), which the benches print.

    DJANGO_SETTINGS_MODULE=bench.floor.settings .venv/bin/gunicorn bench.floor.wsgi
"""

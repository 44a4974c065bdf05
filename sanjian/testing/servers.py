"""Real server processes for the tests that need them: app instances, nginx in front, a client.

The tests that prove something across processes (a replica, several instances behind a proxy)
start their own servers on loopback ports of ``TEST_PORTS`` (default 8100-8199, the range this
project's servers keep to on shared machines) and stop them, process group and all.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def _port_range() -> range:
    first, _, last = os.environ.get("TEST_PORTS", "8100-8199").partition("-")
    return range(int(first), int(last) + 1)


def free_port() -> int:
    for port in _port_range():
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {os.environ.get('TEST_PORTS', '8100-8199')}")


#: The Redis the servers share; on a shared machine each developer gives their own database number.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    """Whether the Redis of ``REDIS_URL``'s host answers (the tests across instances need it)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url() -> str:
    """The URL of this test's own database (PostgreSQL), for servers that must see its rows."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an app server beside this test: its settings, none of pytest's."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(SANJIAN_DATA_DIR=str(data_dir), SECRET_KEY=settings.SECRET_KEY, LOG_LEVEL="ERROR")
    env.update(extra)
    return env


def collect_static(env: dict[str, str]) -> None:
    """The production storage the servers run needs the collected manifest (a fresh clone has none)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def wait_until_up(port: int, process: subprocess.Popen | None = None, path: str = "/healthz") -> None:
    for _i in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited")
        time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not answer")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def app_server(env: dict[str, str], workers: int = 1) -> Iterator[int]:
    """One gunicorn instance of the app on a free loopback port: yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "sanjian.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(port, process)
        yield port
    finally:
        _stop(process)


@contextmanager
def task_consumer(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """The huey consumer (``manage.py run_huey``, one worker), as ``deploy/sanjian-tasks.service``."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--quiet"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        _stop(process)


NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log error;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream sanjian {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://sanjian;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream off;
        }}
    }}
}}
"""


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


@contextmanager
def nginx(upstream_ports: list[int], work_dir: Path) -> Iterator[int]:
    """nginx (Debian's binary, our own config and prefix) round-robin over the given ports."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    work_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    conf = work_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=work_dir, servers=servers, port=port))
    process = subprocess.Popen(
        [binary, "-p", str(work_dir), "-c", str(conf), "-e", str(work_dir / "error.log")],
        start_new_session=True,
    )
    try:
        wait_until_up(port, process)
        yield port
    finally:
        _stop(process)


class HttpClient:
    """A browser of one: keeps its cookies across requests, follows nothing."""

    def __init__(self, port: int, forwarded_for: str = "") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def request_json(
        self, method: str, path: str, data: object, token: str
    ) -> tuple[int, str, http.client.HTTPResponse]:
        """An interface call with a token (no cookies, no CSRF)."""
        headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}
        return self.request(method, path, json.dumps(data), headers=headers)

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, str, http.client.HTTPResponse]:
        status, content, response = self.request_bytes(method, path, body, headers)
        return status, content.decode(), response

    def request_bytes(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        """As ``request``, the body as it came (a generated document is no text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        given, headers = headers, {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        headers.update(given or {})
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.read(), response

    def get(self, path: str) -> tuple[int, str]:
        status, text, _ = self.request("GET", path)
        return status, text

    def post_form(self, page: str, action: str, data: dict[str, str]) -> int:
        """Post ``data`` to ``action`` with the CSRF token of the form on ``page``; the status."""
        _status, form = self.get(page)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        status, _text, _response = self.request(
            "POST", action, urlencode({"csrfmiddlewaretoken": csrf, **data})
        )
        return status

    def log_in(self, username: str, password: str) -> None:
        """Open a session with the log-in form, as a browser does."""
        status = self.post_form(
            "/accounts/login/", "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302 and "sessionid" in self.cookies, "the log-in was refused"

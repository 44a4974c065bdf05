"""A document asked for on one instance is made by the task consumer and handed out by another.

Real processes on loopback (issue 17): two gunicorn instances and one huey consumer
(``manage.py run_huey``), each with a data directory of its own as on three machines, sharing
this test's PostgreSQL database, Redis (the task queue, under a queue name of this run's own)
and one uploads folder (``SANJIAN_MEDIA_DIR``, the NFS share of a real installation). No
instance makes the document in the request: it stays queued until the consumer runs.
"""

from __future__ import annotations

import time
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_scopes import scopes_disabled

from sanjian.lib.dates import Month
from sanjian.reports.models import Download, DownloadStatus
from sanjian.testing.servers import (
    REDIS_URL,
    HttpClient,
    app_server,
    collect_static,
    database_url,
    redis_available,
    server_env,
    task_consumer,
)


def _download(pk: int) -> Download:
    with scopes_disabled():
        return Download.objects.get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_a_document_asked_for_on_one_instance_is_made_by_the_consumer_and_served_by_another(world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("instances share PostgreSQL (SQLite is one machine's)")
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    with scopes_disabled():
        world.secretary.password = PBKDF2PasswordHasher().encode("pw", "scale-test-salt", iterations=1000)
        world.secretary.save(update_fields=["password"])
    common = {
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "HUEY_NAME": f"sanjian-test-{uuid.uuid4().hex}",  # another run's consumer never takes our task
        "SANJIAN_MEDIA_DIR": str(tmp_path / "shared-media"),
    }
    first_env = server_env(tmp_path / "one", **common)
    collect_static(first_env)
    slug = world.community.slug
    month = str(Month.current())
    with app_server(first_env) as one, app_server(server_env(tmp_path / "two", **common)) as two:
        browser = HttpClient(one)
        browser.log_in("secretary", "pw")
        status = browser.post_form(
            f"/c/{slug}/reports/summary/",
            f"/c/{slug}/reports/downloads/new/",
            {"kind": "summary", "from": month, "to": month, "format": "docx", "title": "summary.docx"},
        )
        assert status == 302
        with scopes_disabled():
            download = Download.objects.get(created_by=world.secretary)
        time.sleep(1)
        assert _download(download.pk).status == DownloadStatus.WAITING  # queued: no instance makes it
        browser.port = two
        assert browser.request_bytes("GET", f"/c/{slug}/reports/downloads/{download.pk}/file")[0] == 404

        with task_consumer(server_env(tmp_path / "three", **common)):
            for _ in range(240):
                if _download(download.pk).status not in (DownloadStatus.WAITING, DownloadStatus.RUNNING):
                    break
                time.sleep(0.25)
        made = _download(download.pk)
        assert made.status == DownloadStatus.READY, made.message
        assert (tmp_path / "shared-media" / made.file.name).is_file()
        assert not (tmp_path / "two" / "media").exists()  # instance two has no copy of its own

        status, content, response = browser.request_bytes(
            "GET", f"/c/{slug}/reports/downloads/{download.pk}/file"
        )
        assert status == 200 and content.startswith(b"PK")  # a .docx is a zip
        assert content == (tmp_path / "shared-media" / made.file.name).read_bytes()
        assert "attachment" in response.getheader("Content-Disposition", "")
        assert (
            HttpClient(two).request_bytes("GET", f"/c/{slug}/reports/downloads/{download.pk}/file")[0] == 302
        )

"""manage.py backup / restore: the demo goes out and comes back, every table row for row."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanjian.lib.backup import table_fingerprints


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "hall.jpg").write_bytes(b"\xff\xd8 a photo")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_from_its_backup_row_for_row(tmp_path, media):
    call_command("load_demo", verbosity=0)
    saved = table_fingerprints()
    assert sum(t["rows"] for t in saved.values()) > 5000
    archive = tmp_path / "demo.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # damage: a change, a loss, a lost file
        cursor.execute(f"UPDATE {quote('tenancy_community')} SET {quote('address')} = 'x'")
        cursor.execute(f"DELETE FROM {quote('windows_rating')} WHERE {quote('level')} = 5")
    (media / "photos" / "hall.jpg").unlink()
    assert table_fingerprints() != saved

    call_command("restore", str(archive), "--yes", stdout=io.StringIO())

    assert table_fingerprints() == saved
    assert (media / "photos" / "hall.jpg").read_bytes() == b"\xff\xd8 a photo"


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_does_not_match_its_manifest_is_reported(tmp_path, media):
    archive, forged = tmp_path / "b.tar.gz", tmp_path / "forged.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.load(data)
                manifest["tables"]["django_content_type"]["rows"] += 1
                raw = json.dumps(manifest).encode()
                member.size = len(raw)
                data = io.BytesIO(raw)
            target.addfile(member, data)
    with pytest.raises(CommandError, match="django_content_type"):
        call_command("restore", str(forged), "--yes", stdout=io.StringIO())

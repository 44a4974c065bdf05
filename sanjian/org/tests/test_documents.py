"""Rule documents (规章制度): uploaded by the secretary, read by everyone, files only after access."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from sanjian.org.models import RuleDocument
from sanjian.testing.factories import RuleDocumentFactory


def documents(world):
    with scopes_disabled():
        return list(RuleDocument.objects.filter(community=world.community).values_list("title", "number"))


def valid(**extra):
    return {
        "title": "关于加强社区党建工作的意见",
        "number": "东社党〔2026〕1号",
        "issuer": "东风社区党总支",
        "category": "party_building",
        "effective_date": "2026-01-05",
        "is_current": "on",
        **extra,
    }


def test_the_secretary_uploads_a_document_and_members_download_it(world):
    upload = SimpleUploadedFile("意见.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = world.client("secretary").post(world.url("org/documents/new/"), valid(file=upload))
    assert response.status_code == 302
    with scopes_disabled():
        document = RuleDocument.objects.get(number="东社党〔2026〕1号")
    download = world.client("party_member").get(world.url(f"org/documents/{document.pk}/file/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in download["Content-Disposition"]


def test_the_file_of_a_document_is_404_for_an_outsider(world):
    with scopes_disabled():
        document = RuleDocumentFactory(
            community=world.community, file=SimpleUploadedFile("a.pdf", b"%PDF secret")
        )
    assert world.client("outsider").get(world.url(f"org/documents/{document.pk}/file/")).status_code == 404
    assert world.client(None).get(world.url(f"org/documents/{document.pk}/file/")).status_code == 302


def test_dates_are_accepted_the_chinese_ways(world):
    for i, day in enumerate(["2026-01-05", "2026/01/05", "2026年01月05日"]):
        response = world.client("secretary").post(
            world.url("org/documents/new/"), valid(number=f"N{i}", effective_date=day)
        )
        assert response.status_code == 302, day
    with scopes_disabled():
        dates = set(RuleDocument.objects.values_list("effective_date", flat=True))
    assert dates == {datetime.date(2026, 1, 5)}


def test_a_duplicate_number_is_refused(world):
    world.client("secretary").post(world.url("org/documents/new/"), valid())
    response = world.client("secretary").post(world.url("org/documents/new/"), valid(title="另一个"))
    assert response.status_code == 400
    assert "本社区已有文件使用该文号" in response.content.decode()
    assert len(documents(world)) == 1


def test_a_file_of_the_wrong_type_is_refused(world):
    upload = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    response = world.client("secretary").post(world.url("org/documents/new/"), valid(file=upload))
    assert response.status_code == 400
    assert "exe" in response.content.decode()
    assert documents(world) == []


def test_a_file_too_large_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    response = world.client("secretary").post(world.url("org/documents/new/"), valid(file=upload))
    assert response.status_code == 400
    assert "最多只能上传" in response.content.decode()
    assert documents(world) == []


def test_a_missing_title_and_a_bad_date_are_both_reported(world):
    response = world.client("secretary").post(
        world.url("org/documents/new/"), valid(title="", effective_date="去年")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "必填项" in page and "有效的日期" in page
    assert documents(world) == []


def test_documents_no_longer_in_force_are_hidden_unless_asked_for(world):
    with scopes_disabled():
        RuleDocumentFactory(community=world.community, title="旧制度", is_current=False)
        RuleDocumentFactory(community=world.community, title="新制度")
    client = world.client("party_member")
    assert "旧制度" not in client.get(world.url("org/documents/")).content.decode()
    assert "旧制度" in client.get(world.url("org/documents/?all=1")).content.decode()


def test_only_leaders_manage_documents(world):
    with scopes_disabled():
        document = RuleDocumentFactory(community=world.community)
    for who in ["office", "window_manager", "party_member"]:
        client = world.client(who)
        assert client.get(world.url(f"org/documents/{document.pk}/")).status_code == 200
        assert client.post(world.url("org/documents/new/"), valid()).status_code == 403
        assert client.post(world.url(f"org/documents/{document.pk}/edit/"), valid()).status_code == 403
        assert client.post(world.url(f"org/documents/{document.pk}/delete/")).status_code == 403
    assert documents(world) == [(document.title, "")]


def test_the_secretary_edits_and_deletes_a_document(world):
    with scopes_disabled():
        document = RuleDocumentFactory(community=world.community, title="草案")
    client = world.client("secretary")
    assert (
        client.post(world.url(f"org/documents/{document.pk}/edit/"), valid(title="正式稿")).status_code == 302
    )
    assert (
        "<del>草案</del> → 正式稿" in client.get(world.url(f"org/documents/{document.pk}/")).content.decode()
    )
    assert client.post(world.url(f"org/documents/{document.pk}/delete/")).status_code == 302
    assert documents(world) == []

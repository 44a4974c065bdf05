"""The work summary on a small community: sections only where there is data, the secretary's
words kept while the figures follow the records, and every page closed to outsiders."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from sanjian.reports import documents
from sanjian.reports.models import Summary
from sanjian.reports.services import summary_save
from sanjian.testing import factories as f

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 10, 31)
QUERY = "?from=2026-01&to=2026-10"


def _text(world) -> str:
    document = documents.summary_document(world.community, START, END)
    return "\n".join(block.text for block in document.blocks)


def test_a_section_without_data_is_left_out(world):
    text = _text(world)
    # The small community has branches and windows, but no ratings, projects or health records.
    assert "社区现有党支部2个" in text
    assert "建成为民服务标杆窗口3个" in text
    assert "扫码评价" not in text and "奉献工程" not in text and "健康档案" not in text
    assert "文明服务平台" not in text  # the whole third section has nothing to say
    assert "三、" not in text


def test_the_sections_are_numbered_without_gaps(world):
    text = _text(world)
    assert "一、搭建目标考核平台" in text and "二、搭建创先争优平台" in text


def test_edited_words_are_kept_and_their_figures_follow_the_records(world):
    with scopes_disabled():
        f.RuleDocumentFactory(community=world.community)
    source = documents.summary_document(world.community, START, END).source
    edited = source.replace("[[org.documents]]", "共计[[org.documents]]") + "\n本段为书记手写。"
    with scope(community=world.community.pk):
        summary_save(community=world.community, start=START, end=END, text=edited, actor=world.secretary)
    assert "共计1项" in _text(world) and "本段为书记手写。" in _text(world)
    with scopes_disabled():
        f.RuleDocumentFactory(community=world.community)
        f.RuleDocumentFactory(community=world.community)
    text = _text(world)
    assert "共计3项" in text and "本段为书记手写。" in text


def test_each_edit_is_kept_in_history_with_its_author(world):
    with scope(community=world.community.pk):
        summary_save(community=world.community, start=START, end=END, text="# 甲\n一", actor=world.secretary)
        summary_save(community=world.community, start=START, end=END, text="# 甲\n二", actor=world.secretary)
        history = list(Summary.history.order_by("history_id"))
    assert [h.text for h in history] == ["# 甲\n一", "# 甲\n二"]
    assert {h.history_user for h in history} == {world.secretary}


def test_a_broken_figure_is_refused_and_nothing_is_saved(world):
    with scope(community=world.community.pk):
        with pytest.raises(ValidationError):
            summary_save(
                community=world.community,
                start=START,
                end=END,
                text="共[[org.documents个",
                actor=world.secretary,
            )
        assert not Summary.objects.exists()


def test_the_secretary_edits_and_regenerates_in_the_browser_pages(world):
    client = world.client("secretary")
    page = client.get(world.url("reports/summary/edit/" + QUERY))
    assert page.status_code == 200 and "[[org.branches]]" in page.content.decode()
    response = client.post(
        world.url("reports/summary/edit/" + QUERY), {"text": "# 总结\n我们有[[org.branches]]个支部。"}
    )
    assert response.status_code == 302
    preview = client.get(world.url("reports/summary/" + QUERY)).content.decode()
    assert "我们有" in preview and 'title="org.branches">2</mark>' in preview
    client.post(world.url("reports/summary/regenerate/" + QUERY))
    with scope(community=world.community.pk):
        assert not Summary.objects.exists()
    assert "我们有" not in client.get(world.url("reports/summary/" + QUERY)).content.decode()


def test_an_empty_text_is_refused_with_a_message(world):
    response = world.client("secretary").post(world.url("reports/summary/edit/" + QUERY), {"text": "  "})
    assert response.status_code == 400 and "不能为空" in response.content.decode()


def test_the_word_file_holds_the_title_and_figures(world):
    response = world.client("secretary").get(world.url("reports/summary/download/docx/" + QUERY))
    assert response.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[0] == "东风社区党总支2026年1—10月工作总结" or paragraphs[0].endswith(
        "2026年1—10月工作总结"
    )
    assert any("社区现有党支部2个" in p for p in paragraphs)


def test_the_pdf_is_a_pdf(world):
    response = world.client("secretary").get(world.url("reports/summary/download/pdf/" + QUERY))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_party_member_may_not_open_the_summary_and_an_outsider_gets_404(world):
    assert world.client("party_member").get(world.url("reports/summary/" + QUERY)).status_code == 403
    for path in ("reports/summary/", "reports/summary/edit/", "reports/summary/download/docx/"):
        assert world.client("outsider").get(world.url(path + QUERY)).status_code == 404


def test_the_command_writes_each_format(world, tmp_path):
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!doctype html>")):
        out = tmp_path / f"s.{fmt}"
        call_command(
            "work_summary",
            "--community",
            "dongfeng",
            "--from",
            "2026-01",
            "--to",
            "2026-10",
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert out.read_bytes().startswith(magic)

"""In a real browser: the secretary opens the January–October summary, edits a sentence, and
downloads the Word file, which holds her sentence and the figures of the records."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django_scopes import scopes_disabled

from conftest import log_in
from sanjian.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_edits_the_summary_and_downloads_it(world, page, output_dir):
    with scopes_disabled():
        for _ in range(3):
            f.RuleDocumentFactory(community=world.community)
    log_in(page, "secretary", "pw")
    page.goto("/c/dongfeng/reports/summary/?from=2026-01&to=2026-10")
    assert "工作总结" in page.inner_text("h1")
    page.click("text=修改正文")
    text = page.input_value("#id_text")
    assert "[[org.documents]]" in text
    page.fill(
        "#id_text", text.replace("现行制度文件[[org.documents]]项", "全年修订完善制度文件[[org.documents]]项")
    )
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert "全年修订完善制度文件3项" in page.inner_text(".sj-summary")
    page.screenshot(path=str(output_dir / "summary.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=下载Word")
    content = Path(download.value.path()).read_bytes()
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert any("全年修订完善制度文件3项" in p for p in paragraphs)
    assert any("社区现有党支部2个" in p for p in paragraphs)

"""The QR posters: PDF (one sheet per window, or every window at once) and PNG, in Chinese, holding
the window's signed rating link."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image

from sanjian.lib.qr import qr_png
from sanjian.windows.tokens import window_token

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@needs_poppler
def test_a_windows_pdf_poster_names_it_and_lists_the_five_levels(world):
    response = world.client("window_manager").get(world.url(f"windows/{world.units['window'].pk}/poster.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "甲窗口" in text and "请为我们的服务评价" in text
    assert all(level in text for level in ["非常满意", "基本满意", "非常不满意"])
    assert "微信扫一扫" in text


@needs_poppler
def test_all_posters_come_one_sheet_per_window(world):
    response = world.client("secretary").get(world.url("windows/posters.pdf"))
    text = pdf_text(response.content)
    assert text.count("\f") >= 3  # pages: 甲, 乙, 丙
    assert "甲窗口" in text and "乙窗口" in text and "丙窗口" in text


def test_the_png_poster_holds_the_rating_link_in_its_qr_code(world):
    response = world.client("secretary").get(world.url(f"windows/{world.units['window'].pk}/poster.png"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    poster = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert poster.size == (1240, 1754)
    # The code on the poster is, pixel for pixel, the code of the window's rating link.
    link = "http://testserver" + world.url(f"windows/r/{window_token(world.units['window'])}/")
    expected = Image.open(io.BytesIO(qr_png(link, scale=20))).convert("RGB").resize((760, 760), Image.NEAREST)
    assert poster.crop((240, 420, 1000, 1180)).tobytes() == expected.tobytes()
    other = (
        Image.open(io.BytesIO(qr_png(link + "x", scale=20))).convert("RGB").resize((760, 760), Image.NEAREST)
    )
    assert poster.crop((240, 420, 1000, 1180)).tobytes() != other.tobytes()


def test_a_window_manager_prints_its_own_poster_only(world):
    client = world.client("window_manager")
    assert client.get(world.url(f"windows/{world.units['window2'].pk}/poster.png")).status_code == 403
    assert client.get(world.url(f"windows/{world.units['window2'].pk}/poster.pdf")).status_code == 403


def test_all_posters_are_those_of_the_windows_in_reach(world):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    text = pdf_text(world.client("supervisor").get(world.url("windows/posters.pdf")).content)
    assert "甲窗口" in text and "乙窗口" in text and "丙窗口" not in text


@pytest.mark.parametrize("who", ["inspector", "party_member", "medical"])
def test_roles_without_posters_get_403(world, who):
    assert (
        world.client(who).get(world.url(f"windows/{world.units['window'].pk}/poster.pdf")).status_code == 403
    )
    assert world.client(who).get(world.url("windows/posters.pdf")).status_code == 403


def test_only_a_service_window_has_a_poster(world):
    assert (
        world.client("secretary").get(world.url(f"windows/{world.units['office'].pk}/poster.png")).status_code
        == 404
    )

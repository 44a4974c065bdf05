"""The QR posters that hang at each window: PDF (WeasyPrint) and PNG (Pillow), both in Chinese.

The PNG is drawn with Pillow because WeasyPrint writes PDF only; it needs a CJK font (Debian's
fonts-noto-cjk, which CI installs): without one Chinese would print as boxes, so it is refused.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sanjian.lib.qr import qr_png, qr_svg
from sanjian.org.models import Unit
from sanjian.tenancy.access import community_url
from sanjian.windows.models import Level
from sanjian.windows.tokens import window_token

FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


@dataclass
class Poster:
    window: Unit
    url: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def rating_url(request: HttpRequest, window: Unit) -> str:
    """The absolute address a window's QR code holds."""
    path = community_url(request, "windows:rate", window_token(window))
    return request.build_absolute_uri(path)


def posters(request: HttpRequest, windows: Sequence[Unit]) -> list[Poster]:
    result = []
    for window in windows:
        url = rating_url(request, window)
        result.append(Poster(window, url, qr_svg(url, scale=8, title=window.name)))
    return result


def levels() -> list[str]:
    return [str(label) for _value, label in sorted(Level.choices, reverse=True)]


@cache
def _font_path() -> str | None:
    return next((path for path in FONTS if Path(path).exists()), None)


def poster_png(request: HttpRequest, window: Unit, community_name: str) -> bytes:
    """One window's poster as a PNG (A5-like, 1240 × 1754 px)."""
    from PIL import Image, ImageDraw, ImageFont  # late: only the poster needs Pillow

    path = _font_path()
    if path is None:
        raise RuntimeError("no CJK font installed: apt-get install fonts-noto-cjk")
    width, height = 1240, 1754
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    red = (183, 28, 28)

    def font(size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(path, size)

    def centred(y: int, text: str, size: int, fill: tuple[int, int, int] = (17, 17, 17)) -> None:
        f = font(size)
        x = (width - draw.textlength(text, font=f)) / 2
        draw.text((x, y), text, font=f, fill=fill)

    draw.rectangle((0, 0, width, 180), fill=red)
    centred(40, _("Rate our service"), 84, (255, 255, 255))
    centred(230, window.name, 72)
    centred(330, community_name, 40, (85, 85, 85))
    qr = Image.open(io.BytesIO(qr_png(rating_url(request, window), scale=20)))
    qr = qr.resize((760, 760), Image.NEAREST)
    image.paste(qr, ((width - 760) // 2, 420))
    centred(1210, _("Scan with your phone's camera or WeChat"), 44)
    centred(1290, " · ".join(levels()), 40, red)
    lines = [
        _("One tap to rate; no account, no app."),
        _("A bad rating is followed up within the deadline;"),
        _("leave your phone number if you want to be called back."),
    ]
    for i, line in enumerate(lines):
        centred(1400 + i * 64, line, 36, (68, 68, 68))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

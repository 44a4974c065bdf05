"""承包责任状: weights that add up to 100, signatures in the app, amendments that both sides sign again."""

from __future__ import annotations

import io
from decimal import Decimal

from django_scopes import scopes_disabled

from sanjian.assessment.models import Amendment, Letter, LetterItem
from sanjian.assessment.tests.conftest import letter_of

D = Decimal


def rows(letter, weights: dict[str, int], extra=None, reason=""):
    """The edit form's POST for ``letter`` with new weights by indicator code."""
    with scopes_disabled():
        items = list(
            LetterItem.objects.filter(letter=letter).select_related("indicator").order_by("sort_order")
        )
    data = {
        "rows-TOTAL_FORMS": len(items) + (1 if extra else 0),
        "rows-INITIAL_FORMS": len(items),
        "reason": reason,
    }
    for i, item in enumerate(items):
        data.update(
            {
                f"rows-{i}-item": item.pk,
                f"rows-{i}-indicator": item.indicator_id,
                f"rows-{i}-weight": weights.get(item.indicator.code, item.weight),
                f"rows-{i}-target": item.target if item.target is not None else "",
                f"rows-{i}-floor": item.floor if item.floor is not None else "",
                f"rows-{i}-per_occurrence": item.per_occurrence or "",
                f"rows-{i}-cap": item.cap or "",
            }
        )
        if weights.get(item.indicator.code) == 0:
            data[f"rows-{i}-DELETE"] = "on"
            data[f"rows-{i}-weight"] = item.weight
    if extra:
        n = len(items)
        data.update({f"rows-{n}-indicator": extra[0].pk, f"rows-{n}-weight": extra[1]})
    return data


def weights(letter) -> dict[str, Decimal]:
    with scopes_disabled():
        return dict(LetterItem.objects.filter(letter=letter).values_list("indicator__code", "weight"))


def sign(world, who, letter):
    return world.client(who).post(world.url(f"assessment/letters/{letter.pk}/sign/"))


def test_every_member_in_reach_reads_a_letter_with_its_targets_and_rule(world, library, month):
    letter = letter_of(month, world.units["window"])
    page = world.client("inspector").get(world.url(f"assessment/letters/{letter.pk}/")).content.decode()
    assert "环境卫生" in page and "线性：60 得零分，90 得满分" in page
    assert "每次扣 5 分，最多扣 20 分" in page and "权重合计" in page
    assert "我已阅读并签署此责任状" not in page and "代表社区签署" not in page  # not theirs to sign


def test_a_letter_is_read_within_the_same_reach_as_everything_else(world, library, month):
    """The office (经营科) guarantees 甲窗口: it reads its own letter and that window's, drafts
    included, and nothing of the units it does not guarantee (404: existence does not leak)."""
    client = world.client("office")
    mine = {letter_of(month, world.units[code]).pk for code in ("office", "window")}
    theirs = {letter_of(month, world.units[code]).pk for code in ("office2", "window2", "window3")}
    for pk in mine:
        assert client.get(world.url(f"assessment/letters/{pk}/")).status_code == 200
    for pk in theirs:
        for path in ("", "letter.docx", "letter.pdf"):
            assert client.get(world.url(f"assessment/letters/{pk}/{path}")).status_code == 404, path
    board = client.get(world.url(f"assessment/periods/{month.pk}/")).content.decode()
    assert "甲窗口" in board and "乙窗口" not in board and "办公室" not in board
    assert world.client("party_member").get(world.url(f"assessment/letters/{min(mine)}/")).status_code == 403
    assert world.client("secretary").get(world.url(f"assessment/letters/{min(theirs)}/")).status_code == 200


def test_weights_that_do_not_add_up_to_100_are_refused(world, library, month):
    letter = letter_of(month, world.units["window"])
    response = world.client("secretary").post(
        world.url(f"assessment/letters/{letter.pk}/edit/"), rows(letter, {"hygiene": 50})
    )
    assert response.status_code == 400
    assert "权重合计为 110，必须等于 100" in response.content.decode()
    assert weights(letter)["hygiene"] == D(40)


def test_before_any_signature_the_letter_is_simply_edited(world, library, month):
    letter = letter_of(month, world.units["window"])
    response = world.client("secretary").post(
        world.url(f"assessment/letters/{letter.pk}/edit/"),
        rows(letter, {"hygiene": 30, "cost": 0}, extra=(library.party, 20)),
    )
    assert response.status_code == 302
    assert weights(letter) == {"hygiene": 30, "satisfaction": 30, "complaints": 20, "party": 20}
    with scopes_disabled():
        assert not Amendment.objects.exists()


def test_the_responsible_person_and_the_issuer_sign_with_the_time_recorded(world, library, month):
    letter = letter_of(month, world.units["window"])
    page = world.client("window_manager").get(world.url(f"assessment/letters/{letter.pk}/")).content.decode()
    assert "我已阅读并签署此责任状" in page
    assert sign(world, "window_manager", letter).status_code == 302
    assert sign(world, "secretary", letter).status_code == 302
    letter = letter_of(month, world.units["window"])
    assert letter.is_signed and letter.responsible_signed_at <= letter.issuer_signed_at
    with scopes_disabled():
        authors = [h.history_user.username for h in letter.history.order_by("history_id") if h.history_user]
    assert authors[-2:] == ["window_manager", "secretary"]
    page = world.client("inspector").get(world.url(f"assessment/letters/{letter.pk}/")).content.decode()
    assert (
        "承包方签署时间" in page and "发包方签署时间" in page
    )  # the history shows what each signature changed


def test_nobody_else_signs_a_letter(world, library, month):
    letter = letter_of(month, world.units["window"])
    refusals = {
        "inspector": 403,
        "window_manager": 404,
        "office": 404,
        "party_member": 403,  # reads no letters at all
    }  # 404: out of reach
    for who, status in refusals.items():
        other = letter_of(month, world.units["window2"])
        assert sign(world, who, other).status_code == status, who
    assert sign(world, "company_admin", letter).status_code == 403
    assert not letter_of(month, world.units["window2"]).has_signature


def test_a_signed_letter_changes_only_by_an_amendment_both_sides_sign_again(world, library, month):
    letter = letter_of(month, world.units["window"])
    sign(world, "window_manager", letter)
    sign(world, "secretary", letter)
    url = world.url(f"assessment/letters/{letter.pk}/edit/")
    change = {"hygiene": 30, "satisfaction": 40}
    refused = world.client("secretary").post(url, rows(letter, change))
    assert refused.status_code == 400 and "请说明变更原因" in refused.content.decode()
    assert weights(letter)["hygiene"] == D(40)
    assert (
        world.client("secretary").post(url, rows(letter, change, reason="群众满意度权重提高")).status_code
        == 302
    )
    letter = letter_of(month, world.units["window"])
    assert not letter.has_signature and letter.amendment_count == 1
    with scopes_disabled():
        amendment = Amendment.objects.get(letter=letter)
    assert amendment.reason == "群众满意度权重提高" and amendment.made_by == world.secretary
    assert amendment.before[0] == {
        "indicator": "环境卫生",
        "weight": "40",
        "target": "90",
        "floor": "60",
        "per_occurrence": "",
        "cap": "",
    }
    assert amendment.after[0]["weight"] == "30"
    page = world.client("window_manager").get(world.url(f"assessment/letters/{letter.pk}/")).content.decode()
    assert "群众满意度权重提高" in page and "我已阅读并签署此责任状" in page


def test_only_leaders_edit_letters_and_name_the_signatories(world, library, month):
    letter = letter_of(month, world.units["window"])
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member"]:
        assert world.client(who).get(world.url(f"assessment/letters/{letter.pk}/edit/")).status_code == 403
        assert world.client(who).get(world.url(f"assessment/letters/{letter.pk}/people/")).status_code == 403


def test_changing_the_responsible_person_asks_for_a_new_signature(world, library, month):
    from sanjian.testing.factories import MembershipFactory, UserFactory

    with scopes_disabled():
        deputy = UserFactory(username="deputy")
        MembershipFactory(
            user=deputy, role="window_manager", community=world.community, unit=world.units["window"]
        )
    letter = letter_of(month, world.units["window"])
    sign(world, "window_manager", letter)
    response = world.client("secretary").post(
        world.url(f"assessment/letters/{letter.pk}/people/"),
        {"responsible": deputy.pk, "issuer": world.secretary.pk},
    )
    assert response.status_code == 302
    letter = letter_of(month, world.units["window"])
    assert letter.responsible == deputy and letter.responsible_signed_at is None


def test_only_people_tied_to_the_unit_sign_for_it(world, library, month):
    letter = letter_of(month, world.units["window"])
    url = world.url(f"assessment/letters/{letter.pk}/people/")
    assert world.client("secretary").post(url, {"responsible": world.office.pk}).status_code == 400
    assert world.client("secretary").post(url, {"responsible": world.outsider.pk}).status_code == 400
    assert world.client("secretary").post(url, {"issuer": world.inspector.pk}).status_code == 400
    assert letter_of(month, world.units["window"]).responsible == world.window_manager


def test_a_unit_nobody_is_tied_to_may_name_any_member(world, library, month):
    letter = letter_of(month, world.units["window3"])
    url = world.url(f"assessment/letters/{letter.pk}/people/")
    assert world.client("secretary").post(url, {"responsible": world.inspector.pk}).status_code == 302
    assert world.client("secretary").post(url, {"responsible": world.outsider.pk}).status_code == 400


def test_the_letter_prints_to_word_and_pdf(world, library, month):
    from docx import Document

    letter = letter_of(month, world.units["window"])
    sign(world, "window_manager", letter)
    response = world.client("inspector").get(world.url(f"assessment/letters/{letter.pk}/letter.docx"))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    cells = [
        c.text for t in Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells
    ]
    assert "承包责任状" in text and "承包方：甲窗口" in text and "责任人：window_manager同志" in text
    assert "环境卫生" in cells and "线性：60 得零分，90 得满分" in cells
    assert any(c.startswith("签署时间：") and "未签署" not in c for c in cells)
    pdf = world.client("inspector").get(world.url(f"assessment/letters/{letter.pk}/letter.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_letter_of_a_closed_period_cannot_be_signed(world, library, month):
    from sanjian.assessment.tests.conftest import advance

    letter = letter_of(month, world.units["window"])
    advance(world, month, to="closed")
    world.client("window_manager").post(world.url(f"assessment/letters/{letter.pk}/sign/"))
    with scopes_disabled():
        assert not Letter.objects.get(pk=letter.pk).responsible_signed_at

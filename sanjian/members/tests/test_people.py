"""People and party archives: who sees whom, masked ID numbers, forms, the profile sections."""

from __future__ import annotations

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.lib.masking import mask_id_number
from sanjian.lib.registries import PersonSection, person_sections
from sanjian.members.models import PartyMember, PartyStatus, Person
from sanjian.members.validators import birth_date_of
from sanjian.testing.members import make_id_number


def test_the_secretary_lists_everyone_with_full_id_numbers(world, crew):
    html = world.client("secretary").get(world.url("members/")).content.decode()
    assert "组织委员" in html and "窗口职工" in html and "二支部书记" in html
    assert crew.worker.id_number in html


def test_an_office_department_sees_only_the_people_of_what_it_guarantees(world, crew):
    with scopes_disabled():
        Person.objects.create(
            community=world.community,
            name="别处职工",
            gender="male",
            id_number=make_id_number(),
            unit=world.units["window3"],
        )
    html = world.client("office").get(world.url("members/")).content.decode()
    assert "窗口职工" in html  # window 1 is guaranteed by the office
    assert "别处职工" not in html and "组织委员" not in html
    assert crew.worker.id_number not in html and mask_id_number(crew.worker.id_number) in html


def test_a_branch_member_sees_the_members_of_their_branch_only(world, crew):
    html = world.client("party_member").get(world.url("members/")).content.decode()
    assert "党员0" in html and "组织委员" in html
    assert "二支党员0" not in html and "窗口职工" not in html


def test_the_list_filters_by_name_unit_branch_status_and_category(world, crew):
    client = world.client("secretary")
    assert "党员1" in client.get(world.url("members/?q=党员1")).content.decode()
    html = client.get(world.url(f"members/?branch={world.units['branch2'].pk}")).content.decode()
    assert "二支党员0" in html and "组织委员" not in html
    html = client.get(world.url(f"members/?unit={world.units['window'].pk}")).content.decode()
    assert "窗口职工" in html and "党员0" not in html
    html = client.get(world.url("members/?status=none")).content.decode()
    assert "窗口职工" in html and "党员0" not in html
    html = client.get(world.url("members/?category=retiree")).content.decode()
    assert "窗口职工" not in html


def test_the_inspector_and_medical_staff_are_refused(world, crew):
    for who in ("inspector", "medical"):
        assert world.client(who).get(world.url("members/")).status_code == 403


def test_a_person_page_shows_the_chain_and_masks_the_id_number_for_a_member(world, crew):
    member = crew.members[0]
    with scopes_disabled():
        member.cadre = crew.organiser.person
        member.save()
    page = world.client("party_member").get(world.url(f"members/people/{member.person.pk}/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "组织委员" in html  # the cadre link
    assert mask_id_number(member.person.id_number) in html and member.person.id_number not in html
    full = (
        world.client("company_admin").get(world.url(f"members/people/{member.person.pk}/")).content.decode()
    )
    assert member.person.id_number in full


def test_a_member_of_another_branch_cannot_open_the_page(world, crew):
    response = world.client("other_branch").get(world.url(f"members/people/{crew.members[0].person.pk}/"))
    assert response.status_code == 403


def test_everyone_opens_their_own_archive_from_me(world, crew):
    response = world.client("party_member").get(world.url("members/me/"))
    assert response.status_code == 302 and response["Location"].endswith(
        f"/members/people/{crew.organiser.person.pk}/"
    )
    assert "尚未关联" in world.client("inspector").get(world.url("members/me/")).content.decode()


def test_the_secretary_adds_a_person_and_the_birth_date_comes_from_the_id_number(world):
    number = make_id_number()
    response = world.client("secretary").post(
        world.url("members/people/new/"),
        {
            "name": "新职工",
            "gender": "male",
            "id_number": number.lower(),
            "category": "worker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with scope(community=world.community.pk):
        person = Person.objects.get(name="新职工")
        assert person.id_number == number and person.birth_date == birth_date_of(number)
        assert person.history.first().history_user == world.secretary


@pytest.mark.parametrize(
    ("number", "message"),
    [("wrong-check", "校验码"), ("1304811985", "18"), ("130481209901010012", "出生日期")],
)
def test_a_bad_id_number_is_refused_in_chinese_and_nothing_is_saved(world, number, message):
    if number == "wrong-check":
        good = make_id_number()
        number = good[:17] + ("0" if good[17] != "0" else "1")
    response = world.client("secretary").post(
        world.url("members/people/new/"),
        {"name": "错号", "gender": "male", "id_number": number, "category": "worker"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    with scope(community=world.community.pk):
        assert not Person.objects.filter(name="错号").exists()


def test_a_duplicate_id_number_is_refused(world, crew):
    response = world.client("secretary").post(
        world.url("members/people/new/"),
        {"name": "重复", "gender": "male", "id_number": crew.worker.id_number, "category": "worker"},
    )
    assert response.status_code == 400
    assert "身份证号" in response.content.decode()


def test_only_managers_add_people(world):
    for who in ("party_member", "office", "window_manager"):
        assert world.client(who).get(world.url("members/people/new/")).status_code == 403


def test_a_party_archive_is_opened_with_its_dates_checked(world, crew):
    url = world.url(f"members/people/{crew.worker.pk}/party/")
    bad = {
        "branch": world.units["branch"].pk,
        "status": "full",
        "joined_on": "2012-07-01",
        "full_on": "2011-07-01",
    }
    response = world.client("secretary").post(url, bad)
    assert response.status_code == 400
    good = {**bad, "full_on": "2013-07-01"}
    assert world.client("secretary").post(url, good).status_code == 302
    with scope(community=world.community.pk):
        assert PartyMember.objects.get(person=crew.worker).status == PartyStatus.FULL


def test_a_future_date_in_the_archive_is_refused(world, crew):
    url = world.url(f"members/people/{crew.worker.pk}/party/")
    data = {"branch": world.units["branch"].pk, "status": "probationary", "joined_on": "2099-01-01"}
    response = world.client("secretary").post(url, data)
    assert response.status_code == 400 and "将来" in response.content.decode()


def test_later_apps_add_sections_to_the_person_page(world, crew):
    calls = []

    def context(request, person):
        calls.append(person.pk)
        return {"hours": 12}

    section = PersonSection(
        "test.hours", "members/tests/hours_section.html", context, "members.manage", 99, own_page=False
    )
    with person_sections.registered(section):
        secretary = world.client("secretary").get(world.url(f"members/people/{crew.members[0].person.pk}/"))
        assert "section-testhours" in secretary.content.decode()
        member = world.client("party_member").get(world.url(f"members/people/{crew.members[0].person.pk}/"))
        assert "section-testhours" not in member.content.decode()
        assert calls == [crew.members[0].person.pk]


def test_the_chain_view_flags_members_missing_a_link(world, crew):
    with scopes_disabled():
        for m in crew.members[:2]:
            m.leader, m.cadre, m.post_unit = (
                crew.other_secretary.person,
                crew.organiser.person,
                world.units["window"],
            )
            m.save()
    html = world.client("secretary").get(world.url("members/chain/")).content.decode()
    assert "二支部书记" in html
    warning = html.split("alert-warning")[1].split("</div>")[0]
    assert ">党员2<" in warning and ">党员0<" not in warning and "协管干部、岗位" in warning


def test_export_gives_the_filtered_list_with_the_import_headers(world, crew):
    import io

    from openpyxl import load_workbook

    response = world.client("secretary").get(world.url(f"members/export/?branch={world.units['branch'].pk}"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "性别", "身份证号")
    assert sorted(r[0] for r in rows[1:]) == ["党员0", "党员1", "党员2", "组织委员"]
    assert world.client("party_member").get(world.url("members/export/")).status_code == 403


def test_a_login_of_the_community_is_linked_to_a_person_and_no_other(world, crew):
    url = world.url(f"members/people/{crew.worker.pk}/edit/")
    form = world.client("secretary").get(url).content.decode()
    assert ">window_manager<" in form and ">outsider<" not in form
    data = {
        "name": "窗口职工",
        "gender": "male",
        "id_number": crew.worker.id_number,
        "category": "worker",
        "is_active": "on",
    }
    assert world.client("secretary").post(url, {**data, "user": world.outsider.pk}).status_code == 400
    assert world.client("secretary").post(url, {**data, "user": world.window_manager.pk}).status_code == 302
    assert (
        world.client("window_manager")
        .get(world.url("members/me/"))["Location"]
        .endswith(f"/people/{crew.worker.pk}/")
    )

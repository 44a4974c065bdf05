"""A person, entered once, that every later module reads; and a party member's archive."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.lib.files import validate_upload_size
from sanjian.members.validators import birth_date_of, normalise_id_number, validate_id_number
from sanjian.tenancy.models import CommunityOwned, community_history, unique_in_community


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonCategory(models.TextChoices):
    WORKER = "worker", _("Worker")
    RETIREE = "retiree", _("Retiree")
    RESIDENT = "resident", _("Resident")
    STAFF = "staff", _("Community staff")


def photo_upload_to(instance: Person, filename: str) -> str:
    return f"c/{instance.community_id}/people/{filename}"


#: The facts of a person's record that the interface shows and a person's data export lists
#: (the form adds the photo, the login and the note).
PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "employee_number",
    "category",
    "unit",
    "post",
    "dormitory_room",
    "is_active",
)


class Person(CommunityOwned):
    """One worker, resident or staff member of a community: THE record of a person.

    Dedication hours, banquets, health archives and reports point at this row; nothing keeps a
    second copy of a person's name, ID number or unit.
    """

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    employee_number = models.CharField(_("employee number"), max_length=30, blank=True)
    category = models.CharField(
        pgettext_lazy("of a person", "category"),
        max_length=20,
        choices=PersonCategory.choices,
        default=PersonCategory.WORKER,
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    post = models.CharField(_("post"), max_length=60, blank=True)
    dormitory_room = models.CharField(
        _("dormitory room"), max_length=30, blank=True, help_text=_("Filled in by the dormitory module.")
    )
    photo = models.FileField(
        _("photo"),
        upload_to=photo_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), validate_upload_size],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
        help_text=_("The login through which this person acts, if any."),
    )
    is_active = models.BooleanField(_("on the roll"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = community_history()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        constraints = [
            unique_in_community(
                "id_number",
                name="person_id_number_unique_in_community",
                violation_error_message=_("Another person of this community already has this ID number."),
            ),
            unique_in_community(
                "employee_number",
                condition=~models.Q(employee_number=""),
                name="person_employee_number_unique_in_community",
                violation_error_message=_(
                    "Another person of this community already has this employee number."
                ),
            ),
            unique_in_community(
                "user",
                condition=models.Q(user__isnull=False),
                name="person_user_unique_in_community",
                violation_error_message=_("This login already belongs to another person of this community."),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "name"]),
            models.Index(fields=["community", "unit"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.id_number = normalise_id_number(self.id_number)
        errors: dict[str, str] = {}
        born = birth_date_of(self.id_number) if len(self.id_number) == 18 else None
        if self.birth_date and born and self.birth_date != born:
            errors["birth_date"] = _("The birth date differs from the one inside the ID number.")
        elif born and not self.birth_date:
            self.birth_date = born
        if self.unit_id and self.community_id and self.unit.community_id != self.community_id:
            errors["unit"] = _("The unit belongs to another community.")
        if errors:
            raise ValidationError(errors)


class PartyStatus(models.TextChoices):
    ACTIVIST = "activist", _("Activist applying to join")
    CANDIDATE = "candidate", _("Development candidate")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


#: Statuses that make a person a party member (counted at meetings, owing dues).
MEMBER_STATUSES = (PartyStatus.PROBATIONARY, PartyStatus.FULL)


class PartyPost(models.TextChoices):
    NONE = "", _("None")
    SECRETARY = "secretary", _("Branch secretary")
    DEPUTY = "deputy", _("Deputy branch secretary")
    ORGANISATION = "organisation", _("Organisation committee member")
    PROPAGANDA = "propaganda", _("Propaganda committee member")
    DISCIPLINE = "discipline", _("Discipline committee member")
    GROUP_LEADER = "group_leader", _("Party group leader")


#: Posts of the branch committee (支委会): they keep the branch's meetings, dues and transfers.
COMMITTEE_POSTS = (PartyPost.SECRETARY, PartyPost.DEPUTY, PartyPost.ORGANISATION)
#: The dates of the road into the Party, in the order they happen.
PARTY_DATES = ("applied_on", "activist_on", "candidate_on", "joined_on", "full_on")
#: The fields of a party archive that a secretary edits: the form, the interface and the roster
#: import all write these.
PARTY_FIELDS = (
    "branch",
    "status",
    *PARTY_DATES,
    "introducers",
    "party_post",
    "is_floating",
    "leader",
    "cadre",
    "post_unit",
)


class PartyMember(CommunityOwned):
    """The party archive of a person (党员电子档案): branch, status, dates and the three-level chain.

    The chain links the member (岗位党员, at their post) to a co-managing cadre (协管干部) and a
    supervising leader (主管领导), each a Person of the same community.
    """

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="party", verbose_name=_("person")
    )
    branch = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="party_members",
        verbose_name=_("party branch"),
        limit_choices_to={"kind": "branch"},
    )
    status = models.CharField(_("status"), max_length=20, choices=PartyStatus.choices)
    applied_on = models.DateField(_("applied to join on"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("development candidate since"), null=True, blank=True)
    joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    introducers = models.CharField(_("introducers"), max_length=100, blank=True)
    party_post = models.CharField(_("party post"), max_length=20, choices=PartyPost.choices, blank=True)
    is_floating = models.BooleanField(_("floating member"), default=False)
    leader = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_members",
        verbose_name=_("supervising leader"),
    )
    cadre = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_members",
        verbose_name=_("co-managing cadre"),
    )
    post_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_members",
        verbose_name=_("post held at"),
        help_text=_("The window or unit where the member serves as a post party member."),
    )
    is_active = models.BooleanField(_("in the organisation"), default=True)
    history = community_history()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["branch__sort_order", "person__name"]
        indexes = [models.Index(fields=["community", "branch", "status"])]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES

    @property
    def missing_links(self) -> list[str]:
        """Which links of the three-level chain are missing."""
        return [
            str(label)
            for label, present in (
                (_("supervising leader"), self.leader_id),
                (_("co-managing cadre"), self.cadre_id),
                (_("post"), self.post_unit_id),
            )
            if not present
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.branch_id and self.branch.kind != "branch":
            errors["branch"] = _("Choose a party branch.")
        for name in ("branch", "leader", "cadre", "post_unit"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and self.community_id and related.community_id != self.community_id:
                errors[name] = _("This record belongs to another community.")
        for name in ("leader", "cadre"):
            if getattr(self, f"{name}_id") and getattr(self, f"{name}_id") == self.person_id:
                errors[name] = _("A member cannot be their own link in the chain.")
        errors.update(self._date_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        previous: tuple[str, datetime.date] | None = None
        for name in PARTY_DATES:
            value = getattr(self, name)
            if value is None:
                continue
            if value > today:
                errors[name] = _("The date is in the future.")
            elif previous and value < previous[1]:
                errors[name] = _("This date comes before an earlier step of joining.")
            previous = (name, value)
        if self.status in MEMBER_STATUSES and not self.joined_on:
            errors.setdefault("joined_on", _("A party member needs the date of joining."))
        if self.status == PartyStatus.FULL and not self.full_on and not errors.get("full_on"):
            errors["full_on"] = _("A full member needs the date of full membership.")
        return errors

"""Page helpers for a community's records that every app's views share.

``RecordPages`` describes the create and edit pages of one kind of record once: the form, the
service that saves it, the template and where to go afterwards. ``views(permission)`` makes the pair
of views the URLs name; ``page(request, record)`` serves an app whose views need a check of their
own before the form (a cancelled activity, an organiser's own records).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise

from sanjian.lib.history import history_entries
from sanjian.lib.views import form_page
from sanjian.tenancy.access import community_url, community_view

View = Callable[..., HttpResponse]


def _nothing(*_args: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class RecordPages:
    """The create and edit pages of one kind of community record.

    ``save`` is the app's service, called the way every service is written:
    ``save(community=, <name>=form.instance, actor=, **save_kwargs(request, form))``. The page's
    context holds the record under ``name`` (None on the create page) and, for a record that belongs
    to another (``parent``, the name of its foreign key), that record under the same name; with
    ``history`` it also holds the record's history. On success the browser goes to the page
    ``success`` of the saved record's ``success_arg`` (None: a page without arguments), or to
    ``success(request, saved)`` when that is a function.
    ``form_kwargs(request, record)``, ``save_kwargs(request, form)`` and ``context(request, record)``
    add what one kind of record needs beyond that.
    """

    model: type[models.Model]
    form: type[forms.BaseModelForm]
    save: Callable[..., Any]
    name: str
    template: str
    success: str | Callable[[HttpRequest, Any], str]
    message: str | Promise
    success_arg: str | None = "pk"
    parent: str | None = None
    history: bool = False
    form_kwargs: Callable[[HttpRequest, Any], dict[str, Any]] = _nothing
    save_kwargs: Callable[[HttpRequest, forms.BaseForm], dict[str, Any]] = _nothing
    context: Callable[[HttpRequest, Any], dict[str, Any]] = _nothing

    def page(
        self, request: HttpRequest, record: models.Model | None, parent: models.Model | None = None
    ) -> HttpResponse:
        """The form for ``record`` (None: a new one, under ``parent`` when the record has one)."""
        instance = record
        if record is None and self.parent:
            instance = self.model(**{self.parent: parent})
        form = self.form(
            request.POST or None,
            request.FILES or None,
            instance=instance,
            community=request.community,
            **self.form_kwargs(request, record),
        )
        context: dict[str, Any] = {self.name: record}
        if self.parent:
            context[self.parent] = parent if record is None else getattr(record, self.parent)
        if self.history:
            context["history"] = history_entries(record) if record else []
        return form_page(
            request,
            form,
            save=lambda f: self.save(
                community=request.community,
                **{self.name: f.instance},
                actor=request.user,
                **self.save_kwargs(request, f),
            ),
            template=self.template,
            success=self._success_url(request),
            message=self.message,
            context={**context, **self.context(request, record)},
        )

    def views(self, permission: str) -> tuple[View, View]:
        """The create and edit views, both refused without ``permission``.

        The create view of a record with a parent takes the parent's ``pk``; the edit view takes
        the record's.
        """
        parent_model = self.model._meta.get_field(self.parent).related_model if self.parent else None

        @community_view(permission)
        def create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
            parent = get_object_or_404(parent_model, pk=pk) if parent_model else None
            return self.page(request, None, parent)

        @community_view(permission)
        def edit(request: HttpRequest, pk: int) -> HttpResponse:
            rows = self.model.objects.select_related(self.parent) if self.parent else self.model
            return self.page(request, get_object_or_404(rows, pk=pk))

        for view, action in ((create, "create"), (edit, "edit")):
            view.__name__ = view.__qualname__ = f"{self.name}_{action}"
        return create, edit

    def _success_url(self, request: HttpRequest) -> Callable[[Any], str]:
        if callable(self.success):
            return lambda saved: self.success(request, saved)
        if self.success_arg is None:
            return lambda _saved: community_url(request, self.success)
        return lambda saved: community_url(request, self.success, getattr(saved, self.success_arg))

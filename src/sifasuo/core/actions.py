"""The steps on one record (登记报到, 核查, 衔接 …) as small forms: each step an `Action` (its form and the
service it runs), one view for them all. Community correction and resettlement list their steps with these
(D83); the service does the checking and the locking, the view only shows the form and the messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from .forms import apply_validation_error
from .scoping import restrict
from .views import CapabilityRequiredMixin


@dataclass(frozen=True)
class Action:
    name: str               # URL name
    label: str
    form: type
    run: Callable[..., Any]                 # run(user, obj, cleaned_data)
    capability: str                         # who may take the step (the record's page lists it for them only)
    field_map: dict | None = None
    when: Callable[[Any], bool] = lambda obj: True


def call_service(fn, target: str):
    """An Action's `run` calling the service `fn(actor=user, <target>=obj, **cleaned_data)`."""
    return lambda user, obj, data: fn(actor=user, **{target: obj}, **data)


class RecordActionView(CapabilityRequiredMixin, View):
    """GET shows the step's form, POST runs the service; the record is looked up within the user's scope.
    A module sets `model`, `actions` and `capability` (to open the record); each step names its own."""

    model: type
    actions: list[Action] = []
    action = ""
    template_name = "core/action.html"

    def _action(self) -> Action:
        return next(a for a in self.actions if a.name == self.action)

    def get_object(self, pk):
        return get_object_or_404(restrict(self.model.objects.all(), self.request.user), pk=pk)

    def _allowed(self, request, action):
        if not request.user.can(action.capability):
            raise PermissionDenied("您的角色不能办理这一步。")

    def _back(self, obj) -> str:
        return obj.get_absolute_url()

    def _render(self, request, obj, form, status=200):
        action = self._action()
        return render(request, self.template_name, {"object": obj, "form": form, "action": action,
                                                    "back": self._back(obj)}, status=status)

    def get(self, request, pk):
        obj = self.get_object(pk)
        action = self._action()
        self._allowed(request, action)
        return self._render(request, obj, action.form())

    def post(self, request, pk):
        obj = self.get_object(pk)
        action = self._action()
        self._allowed(request, action)
        form = action.form(request.POST)
        if form.is_valid():
            try:
                action.run(request.user, obj, form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc, action.field_map)
            else:
                messages.success(request, f"{action.label}：已保存")
                return redirect(self._back(obj))
        return self._render(request, obj, form, status=400)

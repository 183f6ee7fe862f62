"""The steps on one record (登记报到, 核查, 衔接 …) as small forms: each step an `Action` (its form and the
service it runs), one view for them all. Community correction and resettlement list their steps with these
(D83); the service does the checking and the locking, the view only shows the form and the messages. A step
whose form sits on the record's own page (recruitment's) is a `PageStepMixin`; both run the service with
`core.forms.run_form`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from .forms import run_form
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


def offered(actions: list[Action], obj, user) -> list[Action]:
    """The steps a record's page offers `user`: those whose `when` holds for the record and whose capability the
    user has, in their listed order."""
    return [a for a in actions if a.when(obj) and user.can(a.capability)]


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
        if run_form(form, lambda: action.run(request.user, obj, form.cleaned_data), action.field_map):
            messages.success(request, f"{action.label}：已保存")
            return redirect(self._back(obj))
        return self._render(request, obj, form, status=400)


class PageStepMixin:
    """A step whose form is on the record's own page (an announcement's or an application's), mixed into the
    record's detail view: on success a message and back to the page; refused, the page again with the errors
    under the step's form (status 400). The page's template shows the form as `form_name`; a step view
    supplies `act(form)`, which runs the service and returns the message."""

    form_class = None
    form_name = ""

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def make_form(self, data):
        return self.form_class(data)

    def act(self, form) -> str:
        """Run the service; return the message shown after success. Each step view supplies it."""
        raise NotImplementedError("each step names the service it runs and the message it shows")

    def success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.make_form(request.POST)
        if ran := run_form(form, lambda: self.act(form)):
            messages.success(request, ran.result)
            return redirect(self.success_url())
        context = self.get_context_data(object=self.object, **{self.form_name: form})
        return render(request, self.template_name, context, status=400)

"""A step posted with a form from a record's page (an announcement's or an application's): on success a message
and back to the page; refused, the page again with the errors under the step's form (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from sifasuo.core.forms import apply_validation_error


class FormStepMixin:
    """Mixed into a detail view of the record the step acts on; the page's template shows `form_name`."""

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
        if form.is_valid():
            try:
                message = self.act(form)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, message)
                return redirect(self.success_url())
        context = self.get_context_data(object=self.object, **{self.form_name: form})
        return render(request, self.template_name, context, status=400)

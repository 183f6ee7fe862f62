"""Applicant self-service: the announcements open for registration (public information of every county),
applying online for one post with certificates, and 我的报名 — the applicant's own applications only."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from sifasuo.core.forms import run_form
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView

from .. import policies, selectors, services
from ..forms import ApplicationForm
from ..models import Announcement, Application, Post
from . import applications as clock
from .applications import reasons_for_display


def open_announcements():
    """Announcements taking or about to take registrations, on the pages' clock (selectors.open_announcements)."""
    return selectors.open_announcements(clock.today())


class OpenAnnouncementListView(View):
    """可报名的招聘公告 — anyone may read them, before registering an account."""

    template_name = "recruitment/public/announcement_list.html"

    def get(self, request):
        announcements = selectors.with_posts(open_announcements())
        return render(request, self.template_name, {"announcements": announcements, "today": clock.today()})


class OpenAnnouncementDetailView(View):
    model = Announcement
    template_name = "recruitment/public/announcement_detail.html"

    def get(self, request, pk):
        announcement = get_object_or_404(open_announcements(), pk=pk)
        today = clock.today()
        mine = []
        if request.user.is_authenticated and request.user.can("recruitment.apply"):
            mine = list(selectors.applications_of(request.user, announcement))
        return render(request, self.template_name, {
            "announcement": announcement,
            "posts": selectors.posts_of(announcement),
            "registration_open": (announcement.registration_start <= today
                                  <= announcement.registration_deadline),
            "mine": mine,
            "can_apply": request.user.is_authenticated and request.user.can("recruitment.apply"),
        })


class ApplyView(CapabilityRequiredMixin, View):
    """Apply online for one post: personal data checked against the ID number, declarations, priority
    conditions and certificates (stored with the application, or nothing is stored)."""

    model = Post
    capability = "recruitment.apply"
    template_name = "recruitment/public/apply.html"

    def get_post(self, pk) -> Post:
        return get_object_or_404(selectors.open_posts(clock.today()), pk=pk)

    def form(self, post, data=None, files=None):
        policy = policies.load(post.announcement.policy_id)
        user = self.request.user
        return ApplicationForm(data, files, policy=policy, tracks=[post.track], with_documents=True,
                               initial={"full_name": user.full_name, "phone": user.phone})

    def already(self, post):
        return selectors.applications_of(self.request.user, post.announcement).first()

    def render(self, post, form, status=200):
        return render(self.request, self.template_name, {
            "post": post, "announcement": post.announcement, "form": form, "existing": self.already(post),
        }, status=status)

    def get(self, request, pk):
        post = self.get_post(pk)
        return self.render(post, self.form(post))

    def post(self, request, pk):
        post = self.get_post(pk)
        if self.already(post) is not None:
            return self.render(post, self.form(post), status=400)
        form = self.form(post, request.POST, request.FILES)

        @transaction.atomic
        def apply():
            application = services.submit_application(post=post, data=form.service_data(post.track),
                                                      applicant=request.user, now=clock.now())
            for kind, upload in form.documents():
                services.attach_document(application=application, kind=kind, upload=upload)
            return application

        if ran := run_form(form, apply):
            messages.success(request, f"报名成功：{post.announcement.title}，岗位 {post.code}。"
                                      "资格审查结果将在此页公布。")
            return redirect("recruitment:my_application", pk=ran.result.pk)
        return self.render(post, form, status=400)


class MyApplicationListView(ScopedListView):
    """我的报名: the scoping function gives an applicant exactly the applications their account owns."""

    model = Application
    capability = "recruitment.apply"
    title = "我的报名"
    columns = [
        Column("招聘公告", "announcement__title"),
        Column("县级司法局", "announcement__unit__name"),
        Column("报考岗位", lambda a: f"{a.post.code} {a.post.office.name}"),
        Column("姓名", "full_name"),
        MASKED_ID_NUMBER,
        Column("报名时间", "submitted_at"),
        Column("状态", lambda a: selectors.stage(a, clock.today())),
    ]
    template_name = "recruitment/public/my_applications.html"
    list_select_related = selectors.MY_APPLICATION


class MyApplicationDetailView(ScopedDetailView):
    model = Application
    capability = "recruitment.apply"
    template_name = "recruitment/public/my_application_detail.html"
    queryset = selectors.my_application_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            reasons=reasons_for_display(application) if application.auto_eligible is not None else [],
            documents=selectors.application_documents(self.request.user, application),
            stage=selectors.stage(application, clock.today()),
            preview=application.announcement.registration_open(clock.today()),
        )
        return context

"""County pages of applications: the list (all in scope, or one announcement's, with Excel export and ID
numbers masked), entry and Excel import of applications, score import, and one application's page with the
steps taken on it: review, scores, 考察/体检 with backfill, objections, hire."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from sifasuo.core import workdays
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import run_form
from sifasuo.core.importers import template_workbook
from sifasuo.core.sensitive import reveal
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.core.views import (CapabilityRequiredMixin, ExcelImportView, ScopedDetailView, ScopedListView,
                                stored_file_response)
from sifasuo.orgunits.selectors import division_label

from .. import importers, policies, selectors, services
from ..choices import ApplicationStatus, ReviewDecision
from ..filters import ApplicationFilterSet
from ..forms import (
    ApplicationForm,
    AssessmentForm,
    CheckForm,
    HireForm,
    ObjectionForm,
    ObjectionResolutionForm,
    ReviewForm,
    ScoreForm,
)
from ..models import Announcement, Application, ApplicationDocument
from sifasuo.core.actions import PageStepMixin


def now() -> datetime.datetime:
    """The moment the recruitment pages act at (registration period, hire after the notice). One place, so
    a test can run a recruitment of 2024 as if it were 2024."""
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


def visible_announcement(user, pk) -> Announcement:
    """An announcement within the user's scope, or 404."""
    return get_object_or_404(selectors.visible_announcements(user), pk=pk)


def verdict_label(value: bool | None, obligations=()) -> str:
    if value and obligations:
        return "有条件通过"
    return {True: "通过", False: "未通过", None: "—"}[value]


APPLICATION_COLUMNS = [
    Column("姓名", "full_name", link=True),
    MASKED_ID_NUMBER,
    Column("性别", "sex"),
    Column("招聘公告", "announcement__title"),
    Column("岗位", lambda a: f"{a.post.code} {a.post.office.name}"),
    Column("渠道", lambda a: a.track_name),
    Column("学历", "education"),
    Column("状态", lambda a: selectors.stage(a, today())),
    Column("系统审查", lambda a: verdict_label(a.auto_eligible, a.obligations)),
    Column("审核意见", "review_decision"),
    Column("笔试", "written_score"),
    Column("面试", "interview_score"),
    Column("综合成绩", "composite_score"),
    Column("排名", "rank"),
]


class ApplicationListView(ScopedListView):
    """报名与审查: every application in the user's scope."""

    model = Application
    capability = "recruitment.view"
    filterset_class = ApplicationFilterSet
    filter_fields = ("q", "post", "track", "status", "eligible")
    template_name = "recruitment/application_list.html"
    title = "报名与审查"
    columns = APPLICATION_COLUMNS
    list_select_related = ("announcement", "post__office")


class AnnouncementApplicationListView(ApplicationListView):
    """One announcement's applications, with its entry, import and score buttons."""

    model = Application  # the rows; the pk in the URL is the announcement's
    columns = [c for c in APPLICATION_COLUMNS if c.label != "招聘公告"]

    @cached_property
    def announcement(self) -> Announcement:
        return visible_announcement(self.request.user, self.kwargs["pk"])

    @property
    def filterset_class(self):
        announcement = self.announcement
        return lambda *args, **kwargs: ApplicationFilterSet(*args, announcement=announcement, **kwargs)

    @property
    def title(self):
        return f"{self.announcement.title} · 报名"

    def get_queryset(self):
        return selectors.in_announcement(super().get_queryset(), self.announcement)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(announcement=self.announcement, can_manage=self.request.user.can("recruitment.manage"))
        return context


# --- entry and import ------------------------------------------------------------------------------------


class ApplicationCreateView(CapabilityRequiredMixin, View):
    """The county enters an application (internal selection, a paper form) for one of the posts."""

    model = Announcement
    capability = "recruitment.manage"
    template_name = "recruitment/application_form.html"

    def form(self, announcement, data=None):
        policy = policies.load(announcement.policy_id)
        posts = selectors.posts_of(announcement)
        tracks = importers.announcement_tracks(announcement)
        # DQ-4 / YQ-3: an internal application is about a person on the roster: pick them, do not retype
        auxiliaries = None
        if any(policy.track(t).existing_auxiliary for t in tracks):
            auxiliaries = selectors.serving_auxiliaries(self.request.user)
        return ApplicationForm(data, policy=policy, tracks=tracks, posts=posts, auxiliaries=auxiliaries)

    def render(self, announcement, form, status=200):
        return render(self.request, self.template_name, {"form": form, "announcement": announcement,
                                                         "title": "录入报名"}, status=status)

    def get(self, request, pk):
        announcement = visible_announcement(request.user, pk)
        return self.render(announcement, self.form(announcement))

    def post(self, request, pk):
        announcement = visible_announcement(request.user, pk)
        form = self.form(announcement, request.POST)

        def enter():
            post = form.cleaned_data["post"]
            return services.submit_application(post=post, data=form.service_data(post.track),
                                               entered_by=request.user, now=now(), staff=form.cleaned_data.get("staff"))

        if ran := run_form(form, enter):
            application = ran.result
            messages.success(request, f"已录入 {application.full_name} 的报名（岗位 {application.post.code}）")
            return redirect(application.get_absolute_url())
        return self.render(announcement, form, status=400)


class SheetImportView(ExcelImportView):
    """Upload an Excel sheet for one announcement (core's import page); it lands whole or not at all. A sheet
    names its `columns` (what the file is read with) and `import_rows` (writing them for `self.announcement`);
    `template_columns` (the blank template's and the page's list) are the same unless the sheet says more."""

    model = Announcement
    capability = "recruitment.manage"
    template_name = "recruitment/import.html"
    heading = ""
    template_title = ""     # the sheet's name

    def prepare(self) -> None:
        self.announcement = visible_announcement(self.request.user, self.kwargs["pk"])

    def template_columns(self) -> list:
        return self.columns

    def page_context(self, **kwargs) -> dict:
        return {**super().page_context(**kwargs), "announcement": self.announcement, "heading": self.heading,
                "columns": self.template_columns()}

    def template_download(self):
        return xlsx_response(f"{self.template_title}模板.xlsx",
                             template_workbook(self.template_title, self.template_columns()))

    def get_success_url(self) -> str:
        return reverse("recruitment:announcement_applications", args=[self.announcement.pk])


class ApplicationImportView(SheetImportView):
    heading = "从 Excel 导入报名"
    template_title = "报名"

    @property
    def columns(self):
        policy = policies.load(self.announcement.policy_id)
        return importers.application_columns(policy, importers.announcement_tracks(self.announcement))

    def import_rows(self, rows, user):
        created = importers.import_applications(announcement=self.announcement, rows=rows, user=user)
        return f"导入成功：新增 {len(created)} 条报名"


class ScoreImportView(SheetImportView):
    heading = "从 Excel 导入成绩"
    template_title = "成绩"

    @property
    def columns(self):
        return importers.read_score_columns()

    def template_columns(self):
        return importers.score_columns(importers.examiners_needed(policies.load(self.announcement.policy_id)))

    def import_rows(self, rows, user):
        updated = importers.import_scores(announcement=self.announcement, rows=rows, today=today())
        return f"导入成功：登记 {len(updated)} 人的成绩"


# --- one application and the steps taken on it ----------------------------------------------------------


REASON_LABELS = {True: "通过", False: "未通过", None: "待人工确认"}


def reasons_for_display(application: Application) -> list[dict]:
    """The stored reasons with their result in words; a rule passed on a condition says so, and one that
    waits for a reviewer's finding reads 待审查人员认定."""
    obligations = {o["rule_id"] for o in application.obligations or ()}
    shown = []
    for r in application.auto_reasons:
        result = REASON_LABELS[r.get("passed")]
        if r.get("passed") is True and r["rule_id"] in obligations:
            result = "有条件通过"
        elif r.get("passed") is True and r.get("review"):
            result = "待审查人员认定"
        shown.append({**r, "result": result})
    return shown


class ApplicationDetailView(ScopedDetailView):
    model = Application
    capability = "recruitment.view"
    template_name = "recruitment/application_detail.html"
    queryset = selectors.application_pages()

    def step_forms(self) -> dict:
        application = self.object
        policy = policies.load(application.announcement.policy_id)
        rule = policy.scoring_for(application.track)
        examiners = rule.examiner_marks.min_examiners if rule.has_interview and rule.examiner_marks else None
        return {
            "review_form": ReviewForm(initial={"decision": ReviewDecision.CONFIRM},
                                      reviewer_items=services.reviewer_items(policy, application.track),
                                      findings=application.reviewer_findings),
            "score_form": ScoreForm(scale=rule.scale, examiners=examiners,
                                    initial={"written": application.written_score or "",
                                             "interview_marks": " ".join(application.interview_marks)}),
            "check_form": CheckForm(initial={"inspection": application.inspection,
                                             "medical": application.medical}),
            "objection_form": ObjectionForm(initial={"objection": application.objection}),
            "resolve_form": ObjectionResolutionForm(),
            "assessment_form": AssessmentForm(initial={"result": application.assessment_result or "passed",
                                                       "on": application.assessment_on,
                                                       "by": application.assessment_by}),
            "hire_form": HireForm(),
        }

    def get_context_data(self, **kwargs):
        application = self.object
        user = self.request.user
        policy = policies.load(application.announcement.policy_id)
        shown, full = reveal(application, "id_number", user)
        notice_end = application.notice_end
        context = {**self.step_forms(), **kwargs}
        context.update(super().get_context_data(**kwargs))
        items = services.declaration_items(policy, application.track)
        declared = {code: (rule_id, situation) for code, rule_id, situation, _by in items}
        context.update(
            id_number_shown=shown, id_number_full=full,
            reasons=reasons_for_display(application),
            declarations=[(declared.get(code, ("", code))[0], declared.get(code, ("", code))[1], value)
                          for code, value in application.declarations.items()],
            conditions=[policy.vocabulary.name("condition", c) for c in application.conditions],
            findings=[(rule_id, situation, application.reviewer_findings.get(code))
                      for code, rule_id, situation in services.reviewer_items(policy, application.track)],
            documents=selectors.application_documents(user, application),
            required_checks=selectors.required_checks(policy, application.track),
            can_review=user.can("recruitment.review") and application.status in (
                ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE),
            can_manage=user.can("recruitment.manage"),
            can_score=user.can("recruitment.manage") and application.eligible is True
            and application.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED,
                                       ApplicationStatus.ELIMINATED),
            can_check=user.can("recruitment.manage") and application.status == ApplicationStatus.CANDIDATE,
            in_notice=application.status == ApplicationStatus.NOTICE,
            can_hire=user.can("recruitment.manage") and application.status == ApplicationStatus.NOTICE,
            notice_over=bool(notice_end and today() > notice_end),
            notice_estimate=workdays.estimate_note(application.notice_start, notice_end)
            if policy.notice.kind == "working" else "",
            can_view_staff=user.can("staff.view"),
            stage=selectors.stage(application, today()),
            has_assessment=services.assessment_rule(policy, application.track) is not None,
            can_assess=user.can("recruitment.manage") and application.status in (
                ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE),
            regions=[(label, division_label(code)) for label, code in (
                ("户籍所在地", application.household_region), ("居住地", application.residence_region),
                ("现工作单位所在地", application.auxiliary_region)) if code],
        )
        return context


class ApplicationStepView(PageStepMixin, ApplicationDetailView):
    """A step posted from the application's page (or a list's row, which names the page to go `next`)."""

    capability = "recruitment.manage"

    def success_url(self) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return super().success_url()


def with_backfill(text: str, backfill: Application | None, then: str = ""):
    """The step's message, and the applicant backfilled in rank order on the post, linked (DQ-7, YQ-6)."""
    if backfill is None:
        return text
    link = format_html('<a href="{}">{}</a>', backfill.get_absolute_url(), backfill.full_name)
    return format_html("{}；按排名递补：{}（岗位排名第{}名）{}", text, link, backfill.rank, then)


class ReviewView(ApplicationStepView):
    capability = "recruitment.review"
    form_name = "review_form"

    def make_form(self, data):
        policy = policies.load(self.object.announcement.policy_id)
        return ReviewForm(data, reviewer_items=services.reviewer_items(policy, self.object.track),
                          findings=self.object.reviewer_findings)

    def act(self, form):
        data = form.cleaned_data
        application = services.review_application(application=self.object, decision=data["decision"],
                                                  reason=data["reason"], reviewer=self.request.user,
                                                  findings=form.findings())
        return f"已记录审核意见：{application.get_review_decision_display()}（{application.get_status_display()}）"


class ScoresView(ApplicationStepView):
    form_name = "score_form"

    def make_form(self, data):
        policy = policies.load(self.object.announcement.policy_id)
        rule = policy.scoring_for(self.object.track)
        examiners = rule.examiner_marks.min_examiners if rule.has_interview and rule.examiner_marks else None
        return ScoreForm(data, scale=rule.scale, examiners=examiners)

    def act(self, form):
        data = form.cleaned_data
        application = services.record_scores(application=self.object, written=data.get("written") or None,
                                             interview_marks=data.get("interview_marks") or None, today=today())
        application.refresh_from_db()  # the scores as stored, with their two decimals
        parts = []
        if application.written_score is not None:
            parts.append(f"笔试 {application.written_score}")
        if application.interview_score is not None:
            parts.append(f"面试 {application.interview_score}")
        return f"已登记 {application.full_name} 的成绩：{'，'.join(parts)}"


class ChecksView(ApplicationStepView):
    form_class = CheckForm
    form_name = "check_form"

    def act(self, form):
        data = form.cleaned_data
        backfill = services.record_check(application=self.object, inspection=data["inspection"] or None,
                                         medical=data["medical"] or None)
        self.object.refresh_from_db()
        text = f"已记录 {self.object.full_name} 的考察、体检结果（{self.object.get_status_display()}）"
        if backfill is None and self.object.status == ApplicationStatus.FAILED_CHECK:
            return f"{text}；本岗位已无可递补人员"
        return with_backfill(text, backfill)


class AssessmentView(ApplicationStepView):
    """YQ-3.8: the 德能勤绩廉 assessment of an internal applicant."""

    form_class = AssessmentForm
    form_name = "assessment_form"

    def act(self, form):
        data = form.cleaned_data
        application = services.record_assessment(application=self.object, result=data["result"], on=data["on"],
                                                 by=data["by"], today=today())
        verdict = {True: "资格审查通过", False: "资格审查未通过", None: "待资格审查"}[application.auto_eligible]
        return f"已登记 {application.full_name} 的德能勤绩廉考核：{application.get_assessment_result_display()}（{verdict}）"


class ObjectionView(ApplicationStepView):
    form_class = ObjectionForm
    form_name = "objection_form"

    def act(self, form):
        services.record_objection(application=self.object, objection=form.cleaned_data["objection"],
                                  received_on=form.cleaned_data["received_on"], today=today())
        return "已登记公示期间异议：处理前不能聘用，请核查后登记处理结论"


class ObjectionResolveView(ApplicationStepView):
    """The objection's own resolution step: outcome, explanation, by whom (the user) and when."""

    form_class = ObjectionResolutionForm
    form_name = "resolve_form"

    def act(self, form):
        data = form.cleaned_data
        backfill = services.resolve_objection(application=self.object, outcome=data["outcome"],
                                              resolution=data["resolution"], actor=self.request.user,
                                              on=data["on"], today=today())
        self.object.refresh_from_db()
        text = f"已登记异议处理结论：{self.object.get_objection_outcome_display()}"
        return with_backfill(text, backfill, then="，须考察、体检后另行公示")


class HireView(ApplicationStepView):
    form_class = HireForm
    form_name = "hire_form"

    def act(self, form):
        member = services.hire(application=self.object, contract_start=form.cleaned_data["contract_start"],
                               today=today(), duty_category=form.cleaned_data["duty_category"],
                               actor=self.request.user)
        self.member = member
        if member.previous_record_id:
            return (f"已聘用 {member.full_name}：原专职辅助人员记录已于 {member.previous_record.left_on:%Y-%m-%d} "
                    f"以“{member.previous_record.get_exit_kind_display()}”离岗，司法协理员记录和聘用合同已建立")
        return f"已聘用 {member.full_name}，人员记录和聘用合同已建立"

    def success_url(self):
        if self.request.user.can("staff.view"):
            return reverse("staff:detail", args=[self.member.pk])
        return self.object.get_absolute_url()


class DocumentDownloadView(LoginRequiredMixin, View):
    """A certificate, to the county in whose scope it is or to the applicant who uploaded it."""

    model = ApplicationDocument

    def get(self, request, pk):
        user = request.user
        if not (user.can("recruitment.view") or user.can("recruitment.apply")):
            raise PermissionDenied("您的角色没有查看报名材料的权限。")
        document = get_object_or_404(selectors.application_documents(user), pk=pk)
        return stored_file_response(document.file, prefix=f"{document.kind}-")


"""County pages of announcements: the list, a new announcement with its posts, one announcement with the
steps that act on all its applications (screening, interview shortlist, final ranking, public notice), and
the ranking per post with 考察/体检."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from sifasuo.core import workdays
from sifasuo.core.documents import CONTENT_TYPES, DocumentError, download_response
from sifasuo.core.forms import run_form, run_step
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from sifasuo.orgunits.choices import Level

from .. import documents, policies, selectors, services
from ..choices import ApplicationStatus
from ..filters import AnnouncementFilterSet
from ..forms import AnnouncementForm, CheckForm, CloseRegistrationForm, NoticeForm, PostFormSet
from ..models import Announcement, RecruitmentPlan
from .applications import today
from sifasuo.core.actions import PageStepMixin

NOTICE_KINDS = {"working": "工作日（法定节假日不计，调休上班日计入）", "calendar": "自然日"}


def notice_estimate(policy, announcement) -> str:
    """A notice counted in working days ends on the system's calendar: the note when that end is estimated."""
    if policy.notice.kind != "working":
        return ""
    return workdays.estimate_note(announcement.notice_start, announcement.notice_end)


class AnnouncementListView(ScopedListView):
    model = Announcement
    capability = "recruitment.view"
    filterset_class = AnnouncementFilterSet
    title = "招聘公告"
    create_url_name = "recruitment:announcement_create"
    create_capability = "recruitment.manage"
    columns = [
        Column("公告标题", "title", link=True),
        Column("县级司法局", "unit__name"),
        Column("适用政策", "policy_id"),
        Column("公告日期", "announced_on"),
        Column("报名开始", "registration_start"),
        Column("报名截止", "registration_deadline"),
        Column("状态", "status"),
        Column("报名人数", "application_count"),
    ]

    def get_queryset(self):
        return selectors.announcement_rows(super().get_queryset())


class AnnouncementCreateView(CapabilityRequiredMixin, View):
    """A county publishes an announcement: dates and posts (office, track of the policy, number, sex only
    when the policy splits posts by sex)."""

    model = Announcement
    capability = "recruitment.manage"
    template_name = "recruitment/announcement_form.html"

    def setting(self):
        """(county, policy, problem): what the form needs, or why it cannot be offered."""
        county = self.request.user.unit
        if county is None or county.level != Level.COUNTY:
            return None, None, "招聘公告由县级司法局发布，请使用县级司法局的账号。"
        try:
            return county, policies.policy_for(county), ""
        except LookupError as exc:
            return county, None, str(exc)

    def plans(self, county):
        return selectors.plans_to_announce(self.request.user, county)

    def initial_posts(self, county, plans) -> tuple[list[dict], RecruitmentPlan | None]:
        """Posts to start from: what the internal selection of `?from=<announcement>` left unfilled (DQ-4), or
        the approved numbers of `?plan=<id>` not yet taken by the plan's announcements (DQ-6)."""
        source_id = self.request.GET.get("from", "")
        if source_id.isdigit():
            source = selectors.county_announcement(self.request.user, county, int(source_id))
            if source is not None:
                return services.carried_over_posts(announcement=source), selectors.one_of(plans, source.plan_id)
        plan_id = self.request.GET.get("plan", "")
        plan = selectors.one_of(plans, int(plan_id)) if plan_id.isdigit() else None
        if plan is None:
            plan = selectors.the_only(plans)
        return (services.plan_posts(plan) if plan is not None else []), plan

    def forms(self, county, policy, data=None):
        offices = selectors.open_offices(self.request.user, county)
        plans = self.plans(county)
        specs, plan = self.initial_posts(county, plans) if data is None else ([], None)
        form = AnnouncementForm(data, plans=plans, plan_required=policy.quota.binds_announcements,
                                initial={"plan": plan} if plan is not None else None)
        initial = [{"office": spec["office"], "track": spec["track"], "positions": spec["positions"],
                    "sex": spec["sex"]} for spec in specs] if data is None else None
        formset = PostFormSet(data, prefix="posts", initial=initial or ([{}] if data is None else None),
                              form_kwargs={"offices": offices, "tracks": [(t.code, t.name) for t in policy.tracks],
                                           "split_by_sex": policy.posts.split_by_sex})
        return form, formset

    def render(self, county, policy, problem, form=None, formset=None, status=200):
        return render(self.request, self.template_name, {
            "county": county, "policy": policy, "problem": problem, "form": form, "formset": formset,
        }, status=status)

    def get(self, request):
        county, policy, problem = self.setting()
        if problem:
            return self.render(county, policy, problem)
        return self.render(county, policy, problem, *self.forms(county, policy))

    def post(self, request):
        county, policy, problem = self.setting()
        if problem:
            return self.render(county, policy, problem, status=400)
        form, formset = self.forms(county, policy, request.POST)

        def publish():
            data = form.cleaned_data
            posts = [spec for spec in (f.spec() for f in formset.forms) if spec]
            return services.create_announcement(
                county=county, title=data["title"], announced_on=data["announced_on"],
                registration_start=data["registration_start"],
                registration_deadline=data["registration_deadline"], posts=posts, plan=data["plan"],
                body=data["body"], policy_id=policy.id), len(posts)

        if formset.is_valid() and (ran := run_form(form, publish, {"posts": "__all__", "county": "__all__"})):
            announcement, n_posts = ran.result
            messages.success(request, f"已发布「{announcement.title}」，共 {n_posts} 个岗位")
            return redirect(announcement.get_absolute_url())
        return self.render(county, policy, problem, form, formset, status=400)


class AnnouncementDetailView(ScopedDetailView):
    model = Announcement
    capability = "recruitment.view"
    template_name = "recruitment/announcement_detail.html"
    queryset = selectors.announcement_pages()

    def get_context_data(self, **kwargs):
        context = {"notice_form": NoticeForm(), "close_form": CloseRegistrationForm(), **kwargs}
        context.update(super().get_context_data(**kwargs))
        announcement = self.object
        user = self.request.user
        policy = policies.load(announcement.policy_id)
        carried = services.carried_over_posts(announcement=announcement)
        context["carried_over"] = sum(spec["positions"] for spec in carried)
        context["document_kinds"] = [(k.code, k.title) for k in documents.DOCUMENTS.values()]
        context["carry_over_track"] = policy.track(carried[0]["track"]).name if carried else ""
        by_status = selectors.status_counts(user, announcement)
        posts = selectors.posts_with_applicants(announcement)
        context.update(
            policy=policy,
            posts=posts,
            status_counts=[(label, by_status.get(value, 0)) for value, label in ApplicationStatus.choices
                           if by_status.get(value)],
            total=sum(by_status.values()),
            has_interview=any(policy.scoring_for(p.track).has_interview for p in posts),
            notice_kind=NOTICE_KINDS.get(policy.notice.kind, policy.notice.kind),
            can_manage=user.can("recruitment.manage"),
            registration_open=announcement.registration_open(today()),
            before_deadline=today() < announcement.registration_deadline,
            notice_estimate=notice_estimate(policy, announcement),
        )
        return context


class AnnouncementStepView(AnnouncementDetailView):
    """A step on all applications of the announcement, posted from its page."""

    capability = "recruitment.manage"
    redirect_to = "recruitment:announcement_detail"

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def act(self, announcement) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if ran := run_step(request, lambda: self.act(self.object)):
            messages.success(request, ran.result)
        return redirect(reverse(self.redirect_to, args=[self.object.pk]))


class CloseRegistrationView(PageStepMixin, AnnouncementStepView):
    """截止报名: from the deadline on, or earlier with a confirmation and the reason recorded."""

    form_class = CloseRegistrationForm
    form_name = "close_form"

    def act(self, form):
        announcement = services.close_registration(
            announcement=self.object, actor=self.request.user, reason=form.cleaned_data["reason"],
            confirm=form.cleaned_data["confirm"], today=today())
        return f"报名已于 {announcement.registration_closed_on:%Y-%m-%d} 截止；此后的资格审查为正式审查"


class ScreenView(AnnouncementStepView):
    def act(self, announcement):
        counts = services.screen_announcement(announcement=announcement, today=today())
        total = counts["eligible"] + counts["ineligible"]
        kind = "资格预审（报名尚未截止，新的报名提交后即时审查）" if counts["preview"] else "资格审查"
        if not total:
            return f"{kind}：没有待审查的报名（已人工审核的不再重新审查）"
        conditional = counts.get("conditional", 0)
        passed = f"通过 {counts['eligible'] - conditional} 人，有条件通过 {conditional} 人" if conditional else (
            f"通过 {counts['eligible']} 人")
        return f"{kind}完成：共审查 {total} 人，{passed}，未通过 {counts['ineligible']} 人"


class ShortlistView(AnnouncementStepView):
    def act(self, announcement):
        counts = services.shortlist_for_interview(announcement=announcement, today=today())
        return f"已按笔试成绩确定面试人选：进入面试 {counts['shortlisted']} 人，未入围 {counts['eliminated']} 人"


class RankView(AnnouncementStepView):
    redirect_to = "recruitment:announcement_ranking"

    def act(self, announcement):
        ranked = services.rank_final(announcement=announcement, today=today())
        candidates = sum(1 for a in ranked if a.status == ApplicationStatus.CANDIDATE)
        return f"综合排名完成：共 {len(ranked)} 人参加排名，{candidates} 人为拟聘用人员"


class NoticeView(PageStepMixin, AnnouncementStepView):
    form_class = NoticeForm
    form_name = "notice_form"

    def act(self, form):
        announcement = services.start_notice(announcement=self.object, start=form.cleaned_data["start"])
        policy = policies.load(announcement.policy_id)
        estimate = notice_estimate(policy, announcement)
        return (f"公示已开始：{announcement.notice_start:%Y-%m-%d} 至 {announcement.notice_end:%Y-%m-%d}，"
                f"共{policy.notice.days}个{NOTICE_KINDS.get(policy.notice.kind, policy.notice.kind)}"
                f"（{policy.notice.id}）" + (f"。注意：{estimate}" if estimate else ""))


class RankingView(ScopedDetailView):
    """The ranking per post: rank, scores, composite score, tie-break notes, and 考察/体检 of candidates."""

    model = Announcement
    capability = "recruitment.view"
    template_name = "recruitment/ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcement = self.object
        policy = policies.load(announcement.policy_id)
        ranked = selectors.ranked_applications(self.request.user, announcement)
        by_post: dict = {}
        for application in ranked:
            if application.status == ApplicationStatus.CANDIDATE:
                application.check_form = CheckForm(auto_id=f"id_a{application.pk}_%s", initial={
                    "inspection": application.inspection, "medical": application.medical})
            by_post.setdefault(application.post, []).append(application)
        context.update(
            by_post=[(post, rows, selectors.required_checks(policy, post.track),
                      policy.scoring_for(post.track)) for post, rows in by_post.items()],
            can_manage=self.request.user.can("recruitment.manage"),
        )
        return context


class AnnouncementDocumentView(ScopedDetailView):
    """资格审查结果, 综合成绩排名表 and 拟聘用人员公示 of an announcement, as Word or PDF."""

    model = Announcement
    capability = "recruitment.view"

    def get(self, request, *args, kind: str, fmt: str, **kwargs):
        if kind not in documents.DOCUMENTS or fmt not in CONTENT_TYPES:
            raise Http404("没有这种文书")
        announcement = self.get_object()
        try:
            content = documents.render(kind, announcement, fmt)
        except (ValidationError, DocumentError) as exc:  # no notice yet; LibreOffice missing
            messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
            return redirect(announcement.get_absolute_url())
        return download_response(content, fmt, documents.filename(kind, announcement, fmt))


class AnnouncementDocumentsZipView(ScopedDetailView):
    """全部文书（ZIP）: every document of the announcement in Word and PDF, made by the worker (core/jobs.py)."""

    model = Announcement
    capability = "recruitment.view"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from ..jobs import announcement_documents

        announcement = self.get_object()
        job = announcement_documents.start(user=request.user, title=f"全部文书（{announcement.title}）",
                                           params={"announcement": announcement.pk},
                                           next_url=announcement.get_absolute_url())
        return redirect(job)

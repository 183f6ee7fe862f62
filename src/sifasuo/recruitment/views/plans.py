"""Pages of quotas and recruitment plans (DQ-6, YQ-2): a county's quota under its policy, plans drafted from
the vacancies, their way up the tree (the county submits, the city approves or returns, the province
files) and a print view. Thin views over recruitment.services; every row passes through the scoping
function. The API (recruitment/api/plans.py) shares the filterset, the quota lookup and the steps."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sifasuo import policy as engine
from sifasuo.core.exports import workbook_bytes, xlsx_response
from sifasuo.core.filters import FilterSet, YearFilter
from sifasuo.core.forms import Form, run_form
from sifasuo.core.tables import Column
from sifasuo.core.views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from sifasuo.orgunits.models import OrgUnit

from .. import policies, selectors, services
from ..choices import PlanAction, PlanStatus
from ..models import PlanLine, RecruitmentPlan

VIEW = "recruitment.plan.view"
EDIT = "recruitment.plan.edit"
REVIEW = "recruitment.plan.review"
FILE = "recruitment.plan.file"


def plan_url(pk: int) -> str:
    return reverse("recruitment_plans:detail", args=[pk])


# --- the quota of one county ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaResult:
    """The policy and quota of a county, or the message that says why there is none."""

    county: OrgUnit
    policy: engine.Policy | None
    quota: engine.CountyQuota | None
    message: str = ""


def quota_for(county: OrgUnit) -> QuotaResult:
    try:
        policy = policies.policy_for(county)
    except LookupError as exc:
        return QuotaResult(county, None, None, str(exc))
    try:
        quota = selectors.county_quota(county=county, policy=policy)
    except ValueError as exc:  # the rule needs data the units lack (population, numbers of subjects)
        return QuotaResult(county, policy, None, str(exc))
    return QuotaResult(county, policy, quota)


def quota_columns(policy: engine.Policy) -> list[Column]:
    """One column per staff type the policy counts, so the table reads like the rule."""
    counted = [Column(policy.vocabulary.name("staff_type", staff_type),
                      lambda office, t=staff_type: dict(office.counted).get(t, 0))
               for staff_type in policy.quota.counted_staff]
    bounds = []
    if policy.quota.max is not None:  # both bounds: 不少于 required, 不超过 maximum
        bounds = [Column("上限", lambda office: office.maximum),
                  Column("至多可招聘", lambda office: office.room)]
    return [
        Column("司法所代码", lambda office: office.code),
        Column("司法所", lambda office: office.name),
        *counted,
        Column("计入人数", lambda office: office.counted_total),
        Column("应有人数（下限）" if bounds else "应有人数", lambda office: office.required),
        *bounds,
        Column("缺额", lambda office: office.vacancy),
        Column("核定依据", lambda office: office.line),
    ]


def county_total(quota: engine.CountyQuota) -> engine.OfficeQuota:
    """The county as one row: under DQ-6 its shortfall is the sum of the offices', under YQ-2 the pooled
    shortfall; either way the minimum to recruit, explained by the county line."""
    counted: dict[str, int] = {}
    for office in quota.offices:
        for staff_type, number in office.counted:
            counted[staff_type] = counted.get(staff_type, 0) + number
    maximum = None
    if quota.maximum_to_recruit is not None:
        maximum = quota.counted_total + quota.maximum_to_recruit
    return engine.OfficeQuota("", f"{quota.county}合计（至少招聘）", tuple(counted.items()), quota.counted_total,
                              quota.required_total, quota.minimum_to_recruit, quota.lines[-1], maximum)


# The labels of policies/schema.yaml (quota.aggregation).
AGGREGATION = {
    "per_office": "逐所核定：每个司法所都须达到应有人数",
    "county_pooled": "县（区）所均核定：全县（区）合计达到各所应有人数之和",
}


class QuotaView(CapabilityRequiredMixin, View):
    """员额测算 of one county: the policy that applies, each office's counts, vacancy and reasoning."""

    capability = VIEW
    template_name = "recruitment/plans/quota.html"

    def get(self, request):
        counties = selectors.counties_in_scope(request.user)
        code = request.GET.get("county", "").strip()
        if code:
            county = selectors.county_by_code(counties, code)
            if county is None:
                raise Http404("未找到该县级司法局，或不在您的管辖范围内")
        else:
            county = selectors.the_only(counties)
        result = quota_for(county) if county else None
        quota = result.quota if result else None
        columns = quota_columns(result.policy) if quota else []
        if quota and request.GET.get("export") == "xlsx":
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            rows = [*quota.offices, county_total(quota)]
            return xlsx_response(f"{county.name}员额测算-{stamp}.xlsx", workbook_bytes("员额测算", columns, rows))
        plans = selectors.county_plans(request.user, county) if county else []
        return render(request, self.template_name, {
            "title": "员额测算",
            "counties": selectors.county_choices(request.user),
            "county": county,
            "result": result,
            "columns": columns,
            "total": county_total(quota) if quota else None,
            "aggregation": AGGREGATION.get(quota.aggregation, "") if quota else "",
            "plans": plans,
            "can_draft": quota is not None and request.user.can(EDIT),
            "this_year": timezone.localdate().year,
        })


# --- the list of plans ----------------------------------------------------------------------------------


class RecruitmentPlanFilterSet(FilterSet):
    """Filters of the plan list, shared by the page and /api/recruitment-plans/."""

    year = YearFilter(label="年度")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label="状态")
    county = django_filters.CharFilter(field_name="unit__code", label="县级司法局（代码）")

    class Meta:
        model = RecruitmentPlan
        fields = ["year", "status", "county"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # On the page the counties in scope are offered by name; the API takes the code.
            choices = [("", "全部"), *selectors.county_choices(user)]
            self.filters["county"].extra["widget"] = forms.Select(choices=choices)


class PlanListView(ScopedListView):
    model = RecruitmentPlan
    capability = VIEW
    filterset_class = RecruitmentPlanFilterSet
    title = "招聘计划"
    template_name = "recruitment/plans/plan_list.html"
    create_url_name = "recruitment_plans:create"
    create_capability = EDIT
    columns = [
        Column("招聘计划", lambda plan: str(plan), link=True),
        Column("县级司法局", "unit__name"),
        Column("年度", "year"),
        Column("适用政策", "policy_id"),
        Column("状态", "status"),
        Column("至少应招聘", "minimum_to_recruit"),
        Column("计划招聘合计", "planned_sum"),
        Column("更新时间", "updated_at"),
    ]

    def get_queryset(self):
        return selectors.plan_rows(super().get_queryset())



# --- one plan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan's way up (submit, approve, return, file): who may take it and when its button
    shows. Whether the step is allowed is the service's to say; this only keeps buttons from those who
    cannot act."""

    action: str
    capability: str
    shown_in: tuple[str, ...]
    who: str
    comment: str  # "required", "optional" or "" (no comment)

    @property
    def label(self) -> str:
        return PlanAction(self.action).label


STEPS: dict[str, PlanStep] = {
    PlanAction.SUBMIT: PlanStep(PlanAction.SUBMIT, EDIT, (PlanStatus.DRAFT, PlanStatus.RETURNED),
                                "县级司法局的管理员或业务人员", ""),
    PlanAction.APPROVE: PlanStep(PlanAction.APPROVE, REVIEW, (PlanStatus.SUBMITTED,),
                                 "市级司法局的管理员或业务人员", "optional"),
    PlanAction.RETURN: PlanStep(PlanAction.RETURN, REVIEW, (PlanStatus.SUBMITTED,),
                                "市级司法局的管理员或业务人员", "required"),
    PlanAction.FILE: PlanStep(PlanAction.FILE, FILE, (PlanStatus.APPROVED,),
                              "省级司法厅的管理员或业务人员", "optional"),
}


def refusal(step: PlanStep, user) -> str:
    return f"您的角色（{user.get_role_display()}）不能{step.label}招聘计划：只有{step.who}可以{step.label}。"


def take_step(action: str, *, plan: RecruitmentPlan, actor, comment: str = "") -> RecruitmentPlan:
    """Check the role's capability, then let the service check level, scope and status."""
    step = STEPS[action]
    if not actor.can(step.capability):
        raise PermissionDenied(refusal(step, actor))
    if action == PlanAction.SUBMIT:
        return services.submit_plan(plan=plan, actor=actor)
    if action == PlanAction.APPROVE:
        return services.approve_plan(plan=plan, actor=actor, comment=comment)
    if action == PlanAction.RETURN:
        return services.return_plan(plan=plan, actor=actor, comment=comment)
    return services.file_plan(plan=plan, actor=actor, comment=comment)


STATUS_BADGE = {
    PlanStatus.DRAFT: "text-bg-secondary",
    PlanStatus.SUBMITTED: "text-bg-primary",
    PlanStatus.RETURNED: "text-bg-warning",
    PlanStatus.APPROVED: "text-bg-success",
    PlanStatus.FILED: "text-bg-info",
}


def plan_context(plan: RecruitmentPlan, user) -> dict:
    lines = selectors.plan_lines(user, plan)
    events = selectors.plan_events(user, plan)
    planned_total = sum(line.planned for line in lines)
    return {
        "plan": plan,
        "lines": lines,
        "events": events,
        "totals": {
            "staff_counted": sum(line.staff_counted for line in lines),
            "required": sum(line.required for line in lines),
            "vacancy": sum(line.vacancy for line in lines),
            "planned": planned_total,
        },
        "status_badge": STATUS_BADGE.get(plan.status, "text-bg-secondary"),
        "below_minimum": planned_total < plan.minimum_to_recruit,
        "can_edit": user.can(EDIT) and not plan.is_locked,
        "steps": [step for step in STEPS.values()
                  if plan.status in step.shown_in and user.can(step.capability)],
    }


class PlanDetailView(ScopedDetailView):
    model = RecruitmentPlan
    capability = VIEW
    template_name = "recruitment/plans/plan_detail.html"
    queryset = selectors.plans_with_unit()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan_context(self.object, self.request.user))
        return context


class PlanPrintView(PlanDetailView):
    """The plan as the county files it on paper: the browser prints it with the print styles."""

    template_name = "recruitment/plans/plan_print.html"


class PlanObjectMixin(CapabilityRequiredMixin):
    """A form or action on one plan, found among the plans in scope (404 otherwise)."""

    model = RecruitmentPlan

    def get_plan(self, pk: int) -> RecruitmentPlan:
        return get_object_or_404(selectors.visible_plans(self.request.user), pk=pk)


class PlanStepView(PlanObjectMixin, View):
    """POST: one step of the plan's way up the tree. A GET goes back to the plan."""

    capability = VIEW
    action = ""

    def get(self, request, pk):
        return redirect(plan_url(self.get_plan(pk).pk))

    def post(self, request, pk):
        plan = self.get_plan(pk)
        comment = request.POST.get("comment", "")
        try:
            take_step(self.action, plan=plan, actor=request.user, comment=comment)
        except ValidationError as exc:
            plan.refresh_from_db()
            context = plan_context(plan, request.user)
            context.update(step_errors=exc.messages, failed_action=self.action, comment=comment)
            return render(request, "recruitment/plans/plan_detail.html", context, status=400)
        messages.success(request, f"已{STEPS[self.action].label}「{plan}」")
        return redirect(plan_url(plan.pk))


# --- drafting and editing -------------------------------------------------------------------------------


class DraftPlanForm(Form):
    county = forms.ChoiceField(label="县级司法局")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, counties: list[tuple[str, str]], **kwargs):
        """`counties`: (code, name) of the counties in the user's scope."""
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = counties


class PlanCreateView(CapabilityRequiredMixin, View):
    """Draft a plan from the county's vacancies (services.draft_plan): planned = vacancy per office."""

    model = RecruitmentPlan
    capability = EDIT
    template_name = "recruitment/plans/plan_create.html"

    def get(self, request):
        initial = {"county": request.GET.get("county", ""), "year": timezone.localdate().year}
        form = DraftPlanForm(initial=initial, counties=selectors.county_choices(request.user))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = DraftPlanForm(request.POST, counties=selectors.county_choices(request.user))

        def draft():
            county = selectors.county_by_code(selectors.counties_in_scope(request.user), form.cleaned_data["county"])
            return services.draft_plan(county=county, year=form.cleaned_data["year"], actor=request.user)

        if ran := run_form(form, draft, {"unit": "county"}):
            messages.success(request, f"已按缺额起草「{ran.result}」，请核对各所计划招聘人数后上报")
            return redirect(plan_url(ran.result.pk))
        return render(request, self.template_name, {"form": form}, status=400)


class PlannedNumbersForm(Form):
    """One number per office of the plan; the service judges the numbers."""

    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, lines: list[PlanLine], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[self.field_name(line)] = forms.IntegerField(label=line.office.name,
                                                                    initial=line.planned)
        self.order_fields([*(self.field_name(line) for line in lines), "note"])

    @staticmethod
    def field_name(line: PlanLine) -> str:
        return f"office_{line.office_id}"

    def rows(self):
        return [(line, self[self.field_name(line)]) for line in self.lines]

    def planned(self) -> dict[int, int]:
        return {line.office_id: self.cleaned_data[self.field_name(line)] for line in self.lines}


class PlanEditView(PlanObjectMixin, View):
    """Planned numbers per office while the plan is a draft or returned (services.set_planned)."""

    capability = EDIT
    template_name = "recruitment/plans/plan_edit.html"

    def lines(self, plan: RecruitmentPlan) -> list[PlanLine]:
        return selectors.plan_lines(self.request.user, plan)

    def get(self, request, pk):
        plan = self.get_plan(pk)
        form = PlannedNumbersForm(lines=self.lines(plan), initial={"note": plan.note})
        return render(request, self.template_name, {"plan": plan, "form": form})

    def post(self, request, pk):
        plan = self.get_plan(pk)
        form = PlannedNumbersForm(request.POST, lines=self.lines(plan))
        if run_form(form, lambda: services.set_planned(plan=plan, planned=form.planned(),
                                                       note=form.cleaned_data["note"])):
            messages.success(request, f"已保存「{plan}」的计划招聘人数")
            return redirect(plan_url(plan.pk))
        plan.refresh_from_db()
        return render(request, self.template_name, {"plan": plan, "form": form}, status=400)

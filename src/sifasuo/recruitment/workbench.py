"""Recruitment on the workbench: plans to review or file (DQ-6: reported upward level by level and filed), the
county's own unfinished plans, and applications waiting for the reviewer's decision."""

from django.urls import reverse

from sifasuo.core.scoping import restrict
from sifasuo.core.workbench import DECIDE, DRAFT, Panel, Queue, unit_level
from sifasuo.orgunits.choices import Level

from .choices import ApplicationStatus, PlanStatus
from .models import Application, RecruitmentPlan


def _plans(*statuses):
    def items(user):
        return (restrict(RecruitmentPlan.objects.filter(status__in=statuses), user)
                .select_related("unit").order_by("updated_at"))
    return items


def _plan_list(status):
    return lambda user: f"{reverse('recruitment_plans:list')}?status={status}"


def _applications(user):
    return (restrict(Application.objects.filter(status=ApplicationStatus.SUBMITTED, review_decision=""), user)
            .exclude(announcement__status="draft").select_related("post", "announcement").order_by("id"))


QUEUES = [
    Queue("待审核的招聘计划", "recruitment.plan.review", DECIDE, _plans(PlanStatus.SUBMITTED),
          list_url=_plan_list(PlanStatus.SUBMITTED), applies=lambda u: unit_level(u) == Level.CITY),
    Queue("待备案的招聘计划", "recruitment.plan.file", DECIDE, _plans(PlanStatus.APPROVED),
          list_url=_plan_list(PlanStatus.APPROVED), applies=lambda u: unit_level(u) == Level.PROVINCE),
    Queue("待上报或被退回的招聘计划", "recruitment.plan.edit", DRAFT, _plans(PlanStatus.DRAFT, PlanStatus.RETURNED),
          describe=lambda p: f"{p}（{p.get_status_display()}）", list_url=_plan_list(PlanStatus.RETURNED)),
    Queue("待资格审核的报名", "recruitment.review", DECIDE, _applications,
          describe=lambda a: f"{a.full_name} · {a.announcement.title} 岗位 {a.post.code}",
          list_url=lambda u: f"{reverse('recruitment:application_list')}?status={ApplicationStatus.SUBMITTED}"),
]


# --- an applicant's page ---------------------------------------------------------------------------------

def applicant_panel(user, today) -> dict | None:
    """An applicant's workbench: their applications with the stage each has reached, and the announcements
    open for registration."""
    from . import selectors
    from .views.public import open_announcements

    mine = list(restrict(Application.objects.all(), user).select_related("announcement__unit", "post__office")
                .order_by("-submitted_at")[:10])
    return {"applications": [(a, selectors.stage(a, today), reverse("recruitment:my_application", args=[a.pk]))
                             for a in mine],
            "open": list(open_announcements()[:5])}


PANELS = [Panel("我的报名", "recruitment.apply", "recruitment/_workbench_applicant.html", applicant_panel, order=5)]

"""REST endpoints of announcements (with their posts) and applications, scoped and permission-checked like the
pages: /api/recruitment-announcements/ (create with posts under an approved plan, close registration, screen,
shortlist, rank, notice) and /api/recruitment-applications/ (create an application — an internal one may name
the auxiliary's roster record —, assessment, review, scores, checks, objection and its resolution, hire). The
services give the same checks and Chinese messages as the pages. ID numbers are always returned masked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import (
    ScopedModelSerializer,
    ScopedModelViewSet,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
)
from sifasuo.core.idnumbers import mask
from sifasuo.orgunits.api.serializers import ScopedUnitCodeField
from sifasuo.orgunits.selectors import region_problem
from sifasuo.staff.choices import Education

from .. import selectors, services
from ..choices import CheckResult, ObjectionOutcome, ReviewDecision
from ..filters import AnnouncementFilterSet, ApplicationFilterSet
from ..models import Announcement, Application, Post

# --- serializers -----------------------------------------------------------------------------------------


class PostSerializer(ScopedModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="司法所代码")
    office_name = serializers.CharField(source="office.name", read_only=True)
    track_name = serializers.CharField(read_only=True, help_text="招聘渠道名称（按政策）")

    class Meta:
        model = Post
        fields = ["id", "code", "office", "office_name", "track", "track_name", "positions", "sex"]


class AnnouncementSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="县级司法局代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    posts = PostSerializer(many=True, read_only=True)

    class Meta:
        model = Announcement
        fields = ["id", "unit", "unit_name", "plan", "policy_id", "title", "announced_on", "registration_start",
                  "registration_deadline", "status", "registration_closed_on", "registration_close_reason",
                  "screened_at", "ranked_at", "notice_start", "notice_end", "posts"]


class PostInputSerializer(serializers.Serializer):
    office = serializers.CharField(help_text="司法所代码")
    track = serializers.CharField(help_text="招聘渠道代码，按政策（如 internal、public）")
    positions = serializers.IntegerField(help_text="招聘人数")
    sex = serializers.CharField(required=False, allow_blank=True, default="",
                                help_text="性别要求：M / F；不分性别设岗的政策不填")


class AnnouncementCreateSerializer(serializers.Serializer):
    county = ScopedUnitCodeField(help_text="县级司法局代码")
    plan = ScopedPrimaryKeyRelatedField(queryset=selectors.plans_with_unit(), required=False, allow_null=True, help_text="依据的招聘计划编号（政策要求时必填）")
    title = serializers.CharField(max_length=200, help_text="公告标题")
    announced_on = serializers.DateField(help_text="公告日期")
    registration_start = serializers.DateField(help_text="报名开始日期")
    registration_deadline = serializers.DateField(help_text="报名截止日期")
    body = serializers.CharField(required=False, allow_blank=True, default="", help_text="公告正文")
    posts = PostInputSerializer(many=True, help_text="招聘岗位，个数不限")

    def post_specs(self) -> list[dict]:
        """The posts with their offices found among the county's (a code elsewhere is refused, unnamed)."""
        data = self.validated_data
        county = data["county"]
        offices = {o.code: o for o in selectors.offices_of(county)}
        specs, errors = [], []
        for number, post in enumerate(data["posts"], start=1):
            office = offices.get(post["office"].strip())
            if office is None:
                errors.append(f"第{number}个岗位：司法所代码 {post['office']} 不是{county.name}的司法所")
                continue
            specs.append({"office": office, "track": post["track"], "positions": post["positions"],
                          "sex": post.get("sex") or ""})
        if errors:
            raise ValidationError({"posts": errors})
        return specs


class CloseRegistrationSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="提前截止的理由")
    confirm = serializers.BooleanField(required=False, default=False, help_text="确认在截止日期前截止报名")


class ApplicationSerializer(ScopedModelSerializer):
    post = ScopedPrimaryKeyRelatedField(queryset=selectors.posts_for_api(),
                                        help_text="报考岗位编号")
    staff_source = ScopedPrimaryKeyRelatedField(queryset=selectors.roster_sources(), required=False, allow_null=True,
                                    help_text="现有专职辅助人员的人员记录编号（内部选聘）：姓名、身份证号码等取自记录；"
                                              "不填时按身份证号码匹配花名册")
    full_name = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="姓名")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                      help_text="身份证号码：提交完整号码，返回时脱敏；性别和出生日期由号码得出")
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True)
    track_name = serializers.CharField(read_only=True, help_text="招聘渠道名称（按政策）")
    stage = serializers.SerializerMethodField(help_text="当前所处环节")
    declarations = serializers.DictField(child=serializers.BooleanField(), required=False,
                                         help_text="每一项不得招聘情形的代码 → 本人是否存在该情形")
    conditions = serializers.ListField(child=serializers.CharField(), required=False,
                                       help_text="优先条件及例外条件代码")

    class Meta:
        model = Application
        read_only_fields = [
            "announcement", "track", "sex", "birth_date", "submitted_at", "status", "auto_eligible",
            "auto_reasons", "review_decision", "review_reason", "assessment_result", "assessment_on",
            "assessment_by", "written_score", "interview_marks", "interview_score", "composite_score", "rank",
            "rank_notes", "inspection", "medical", "notice_start", "notice_end", "objection",
            "objection_received_on", "objection_outcome", "objection_resolution", "objection_resolved_on",
            "staff", "obligations", "reviewer_findings",
        ]
        fields = [
            "id", "post", "staff_source", "full_name", "id_number", "phone", "education", "study_mode", "major",
            "household_region", "household_since", "residence_region", "residence_since",
            "is_existing_auxiliary", "auxiliary_region", "declarations", "conditions", "track_name", "stage",
            *read_only_fields,
        ]
        # The one-application-per-person rule is the service's, with its Chinese message.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = mask(instance.id_number)
        return data

    def get_stage(self, application) -> str:
        return selectors.stage(application, timezone.localdate())

    def _region(self, value):
        # the same division codes as the pages' pickers: a county or a township the data knows
        problem = region_problem(value) if value else ""
        if problem:
            raise serializers.ValidationError(problem)
        return value

    validate_household_region = validate_residence_region = validate_auxiliary_region = _region


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, help_text="审核意见")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="理由（改变系统结论时必填）")
    findings = serializers.DictField(child=serializers.BooleanField(allow_null=True), required=False,
                                     help_text="审查人员认定的情形代码 → 是否存在（null 为尚未认定），如不适宜的其他情形")


class ScoresSerializer(serializers.Serializer):
    written = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="笔试成绩")
    interview_marks = serializers.ListField(child=serializers.CharField(), required=False,
                                            help_text="面试各考官评分")


class NoticeSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="公示开始日期，不早于公告日期和报名截止日期；截止日期按政策的天数和节假日安排计算")


class AssessmentSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[(CheckResult.PASSED, "合格"), (CheckResult.FAILED, "不合格")],
                                     help_text="德能勤绩廉考核结论")
    on = serializers.DateField(help_text="考核日期")
    by = serializers.CharField(max_length=100, help_text="考核组织（人员）")


class ChecksSerializer(serializers.Serializer):
    inspection = serializers.ChoiceField(choices=[("passed", "合格"), ("failed", "不合格")], required=False,
                                         help_text="考察结果")
    medical = serializers.ChoiceField(choices=[("passed", "合格"), ("failed", "不合格")], required=False,
                                      help_text="体检结果")


class ObjectionSerializer(serializers.Serializer):
    objection = serializers.CharField(help_text="公示期间收到的异议")
    received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="收到日期（不填为今天），须在公示期内")


class ObjectionResolutionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ObjectionOutcome.choices, help_text="处理结论")
    resolution = serializers.CharField(help_text="核查情况和处理意见")
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="处理日期（不填为今天）")


class HireSerializer(serializers.Serializer):
    contract_start = serializers.DateField(help_text="聘用合同开始日期（不早于公示截止日期）")
    duty_category = serializers.CharField(required=False, allow_blank=True, default="", help_text="岗位职责类别")


COUNTS = inline_serializer("ScreeningCounts", {"eligible": serializers.IntegerField(),
                                               "ineligible": serializers.IntegerField(),
                                               "preview": serializers.BooleanField()})
SHORTLIST = inline_serializer("ShortlistCounts", {"shortlisted": serializers.IntegerField(),
                                                  "eliminated": serializers.IntegerField()})


# --- viewsets --------------------------------------------------------------------------------------------


class ScopeBeforeMethodMixin:
    """A row outside the user's scope does not exist for them: 404 comes before 405 on an action route."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        if kwargs.get("pk") is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


class AnnouncementViewSet(ScopeBeforeMethodMixin, ScopedReadOnlyViewSet):
    """招聘公告及其岗位，限本单位及下级单位；screen（资格审查）、shortlist（确定面试人选）、rank（综合排名）。"""

    queryset = selectors.announcements_with_posts()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilterSet
    view_capability = "recruitment.view"
    edit_capability = "recruitment.manage"

    @extend_schema(request=AnnouncementCreateSerializer, responses={201: AnnouncementSerializer},
                   summary="发布招聘公告及其岗位（依据经批准的招聘计划，各所人数不超过计划）")
    def create(self, request):
        form = AnnouncementCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        announcement = services.create_announcement(
            county=data["county"], plan=data.get("plan"), title=data["title"], announced_on=data["announced_on"],
            registration_start=data["registration_start"], registration_deadline=data["registration_deadline"],
            body=data["body"], posts=form.post_specs())
        fresh = self.get_queryset().get(pk=announcement.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseRegistrationSerializer, responses=AnnouncementSerializer,
                   summary="截止报名（截止日期前须确认并填写理由）")
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close_registration(self, request, pk=None):
        body = CloseRegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        announcement = services.close_registration(announcement=self.get_object(), actor=request.user,
                                                   **body.validated_data)
        return Response(self.get_serializer(announcement).data)

    @extend_schema(request=None, responses=COUNTS, summary="运行资格审查（报名截止前为预审，不截止报名）")
    @action(detail=True, methods=["post"])
    def screen(self, request, pk=None):
        return Response(services.screen_announcement(announcement=self.get_object()))

    @extend_schema(request=None, responses=SHORTLIST, summary="按笔试成绩和面试比例确定面试人选")
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        return Response(services.shortlist_for_interview(announcement=self.get_object()))

    @extend_schema(request=None, responses=ApplicationSerializer(many=True), summary="综合成绩和岗位排名")
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        ranked = services.rank_final(announcement=self.get_object())
        return Response(ApplicationSerializer(ranked, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=NoticeSerializer, responses=AnnouncementSerializer, summary="发布拟聘用人员公示")
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        body = NoticeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        announcement = services.start_notice(announcement=self.get_object(), start=body.validated_data["start"])
        return Response(self.get_serializer(announcement).data)


def backfilled(backfill) -> dict:
    """The answer of a step that may backfill the post: the applicant now a candidate in rank order, or null."""
    return {"backfilled": backfill.pk if backfill else None}


class ApplicationViewSet(ScopeBeforeMethodMixin, ScopedModelViewSet):
    """报名，限本单位及下级单位；身份证号码脱敏。POST 由县级司法局录入报名（如内部选聘）；
    review（审核确认或改变系统结论）、scores（登记笔试成绩、面试考官评分）。"""

    queryset = selectors.applications_for_api()
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    view_capability = "recruitment.view"
    http_method_names = ["get", "post", "head", "options"]
    action_capabilities = {"review": "recruitment.review"}

    def _step(self, serializer_class, service, answer=None, **fixed):
        """Run `service(application=…, **fixed, **the body)`; answer the application as stored, plus what
        `answer` makes of the service's result."""
        application = self.get_object()
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        result = service(application=application, **fixed, **body.validated_data)
        extra = answer(result) if answer is not None else {}
        application.refresh_from_db()
        return Response({**self.get_serializer(application).data, **extra})

    @extend_schema(request=ChecksSerializer, responses=ApplicationSerializer, summary="登记考察、体检结果（不合格时按排名递补）")
    @action(detail=True, methods=["post"])
    def checks(self, request, pk=None):
        return self._step(ChecksSerializer, services.record_check, answer=backfilled)

    @extend_schema(request=AssessmentSerializer, responses=ApplicationSerializer,
                   summary="登记德能勤绩廉考核结论（YQ-3.8），并按政策重新审查资格")
    @action(detail=True, methods=["post"])
    def assessment(self, request, pk=None):
        return self._step(AssessmentSerializer, services.record_assessment)

    @extend_schema(request=ObjectionSerializer, responses=ApplicationSerializer, summary="登记公示期间的异议")
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        return self._step(ObjectionSerializer, services.record_objection)

    @extend_schema(request=ObjectionResolutionSerializer, responses=ApplicationSerializer,
                   summary="处理公示异议：结论、说明、处理人和日期（异议成立的不予聘用并递补）")
    @action(detail=True, methods=["post"], url_path="resolve-objection", url_name="resolve-objection")
    def resolve_objection(self, request, pk=None):
        return self._step(ObjectionResolutionSerializer, services.resolve_objection, answer=backfilled,
                          actor=request.user)

    @extend_schema(request=HireSerializer, responses=ApplicationSerializer,
                   summary="聘用：建立人员记录、层级和聘用合同（现有专职辅助人员转任、选聘时原记录离岗）")
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        return self._step(HireSerializer, services.hire, answer=lambda member: {"staff": member.pk},
                          actor=request.user)

    @property
    def edit_capability(self) -> str:
        return self.action_capabilities.get(getattr(self, "action", None), "recruitment.manage")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        post = data.pop("post")
        staff = data.pop("staff_source", None)
        serializer.instance = services.submit_application(post=post, data=data, entered_by=self.request.user,
                                                          staff=staff)

    @extend_schema(request=ReviewSerializer, responses=ApplicationSerializer, summary="资格审查审核")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._step(ReviewSerializer, services.review_application, reviewer=request.user)

    @extend_schema(request=ScoresSerializer, responses=ApplicationSerializer, summary="登记成绩")
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        return self._step(ScoresSerializer, services.record_scores,
                          answer=lambda application: {"notes": application.score_notes})

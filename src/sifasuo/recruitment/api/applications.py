"""REST endpoints of announcements (with their posts) and applications, scoped and permission-checked like the
pages: /api/recruitment-announcements/ (screen, shortlist, rank) and /api/recruitment-applications/ (create
an internal application, review, scores). ID numbers are always returned masked."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from sifasuo.core.api import (
    ScopedModelSerializer,
    ScopedModelViewSet,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
)
from sifasuo.core.idnumbers import mask
from sifasuo.staff.choices import Education, Sex

from .. import services
from ..choices import ReviewDecision
from ..filters import AnnouncementFilterSet, ApplicationFilterSet
from ..models import Announcement, Application, Post

# --- serializers -----------------------------------------------------------------------------------------


class PostSerializer(ScopedModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="司法所代码")
    office_name = serializers.CharField(source="office.name", read_only=True)

    class Meta:
        model = Post
        fields = ["id", "code", "office", "office_name", "track", "positions", "sex"]


class AnnouncementSerializer(ScopedModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="县级司法局代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    posts = PostSerializer(many=True, read_only=True)

    class Meta:
        model = Announcement
        fields = ["id", "unit", "unit_name", "policy_id", "title", "announced_on", "registration_start",
                  "registration_deadline", "status", "notice_start", "notice_end", "posts"]


class ApplicationSerializer(ScopedModelSerializer):
    post = ScopedPrimaryKeyRelatedField(queryset=Post.objects.select_related("announcement"), help_text="报考岗位编号")
    id_number = serializers.CharField(max_length=20, help_text="身份证号码：提交完整号码，返回时脱敏")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True,
                                  help_text="须与身份证号码一致（不填则取自身份证号码）")
    birth_date = serializers.DateField(required=False, allow_null=True,
                                       help_text="须与身份证号码一致（不填则取自身份证号码）")
    education = serializers.ChoiceField(choices=Education.choices)
    declarations = serializers.DictField(child=serializers.BooleanField(), required=False,
                                         help_text="每一项不得招聘情形的代码 → 本人是否存在该情形")
    conditions = serializers.ListField(child=serializers.CharField(), required=False, help_text="优先条件代码")

    class Meta:
        model = Application
        read_only_fields = [
            "announcement", "track", "submitted_at", "status", "auto_eligible", "auto_reasons",
            "review_decision", "review_reason", "written_score", "interview_marks", "interview_score",
            "composite_score", "rank", "rank_notes", "inspection", "medical", "objection",
            "objection_resolution", "staff",
        ]
        fields = [
            "id", "post", "full_name", "id_number", "sex", "birth_date", "phone", "education", "major",
            "household_region", "household_since", "residence_region", "residence_since",
            "is_existing_auxiliary", "auxiliary_region", "declarations", "conditions", *read_only_fields,
        ]
        # The one-application-per-person rule is the service's, with its Chinese message.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = mask(instance.id_number)
        return data


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, help_text="审核意见")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="理由（改变系统结论时必填）")


class ScoresSerializer(serializers.Serializer):
    written = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="笔试成绩")
    interview_marks = serializers.ListField(child=serializers.CharField(), required=False,
                                            help_text="面试各考官评分")


class NoticeSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="公示开始日期；截止日期按政策的天数（工作日或自然日）计算")


class ChecksSerializer(serializers.Serializer):
    inspection = serializers.ChoiceField(choices=[("passed", "合格"), ("failed", "不合格")], required=False,
                                         help_text="考察结果")
    medical = serializers.ChoiceField(choices=[("passed", "合格"), ("failed", "不合格")], required=False,
                                      help_text="体检结果")


class ObjectionSerializer(serializers.Serializer):
    objection = serializers.CharField(help_text="公示期间收到的异议")
    resolution = serializers.CharField(required=False, allow_blank=True, default="", help_text="处理结果")


class HireSerializer(serializers.Serializer):
    contract_start = serializers.DateField(help_text="聘用合同开始日期（不早于公示截止日期）")
    duty_category = serializers.CharField(required=False, allow_blank=True, default="", help_text="岗位职责类别")


COUNTS = inline_serializer("ScreeningCounts", {"eligible": serializers.IntegerField(),
                                               "ineligible": serializers.IntegerField()})
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

    queryset = (Announcement.objects.select_related("unit").prefetch_related("posts__office")
                .order_by("-announced_on", "-id"))
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilterSet
    view_capability = "recruitment.view"
    edit_capability = "recruitment.manage"

    @extend_schema(request=None, responses=COUNTS, summary="运行资格审查（未人工审核的报名）")
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


class ApplicationViewSet(ScopeBeforeMethodMixin, ScopedModelViewSet):
    """报名，限本单位及下级单位；身份证号码脱敏。POST 由县级司法局录入报名（如内部选聘）；
    review（审核确认或改变系统结论）、scores（登记笔试成绩、面试考官评分）。"""

    queryset = (Application.objects.select_related("announcement", "post__office", "staff")
                .order_by("announcement", "post__code", "rank", "id"))
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    view_capability = "recruitment.view"
    http_method_names = ["get", "post", "head", "options"]
    action_capabilities = {"review": "recruitment.review"}

    def _step(self, serializer_class, step):
        application = self.get_object()
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        result = step(application, body.validated_data)
        application.refresh_from_db()
        return Response({**self.get_serializer(application).data, **(result or {})})

    @extend_schema(request=ChecksSerializer, responses=ApplicationSerializer, summary="登记考察、体检结果（不合格时按排名递补）")
    @action(detail=True, methods=["post"])
    def checks(self, request, pk=None):
        def step(application, data):
            backfill = services.record_check(application=application, **data)
            return {"backfilled": backfill.pk if backfill else None}
        return self._step(ChecksSerializer, step)

    @extend_schema(request=ObjectionSerializer, responses=ApplicationSerializer, summary="登记公示期间的异议")
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        return self._step(ObjectionSerializer, lambda application, data: services.record_objection(
            application=application, **data) and None)

    @extend_schema(request=HireSerializer, responses=ApplicationSerializer, summary="聘用：建立人员记录和聘用合同")
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        def step(application, data):
            member = services.hire(application=application, **data)
            return {"staff": member.pk}
        return self._step(HireSerializer, step)

    @property
    def edit_capability(self) -> str:
        return self.action_capabilities.get(getattr(self, "action", None), "recruitment.manage")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        post = data.pop("post")
        serializer.instance = services.submit_application(post=post, data=data, entered_by=self.request.user)

    @extend_schema(request=ReviewSerializer, responses=ApplicationSerializer, summary="资格审查审核")
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        application = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = services.review_application(application=application, reviewer=request.user,
                                                  **body.validated_data)
        return Response(self.get_serializer(application).data)

    @extend_schema(request=ScoresSerializer, responses=ApplicationSerializer, summary="登记成绩")
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        application = self.get_object()
        body = ScoresSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = services.record_scores(application=application, **body.validated_data)
        return Response(self.get_serializer(application).data)

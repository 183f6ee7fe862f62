"""REST endpoints of the registers and of mediation: scoped and permission-checked like the pages, writes
through the same services (and so the same Chinese messages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.response import Response

from sifasuo.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet, post_action

from .. import selectors, services
from ..models import CaseParty, FollowUpVisit, MediationCase, MediationSession
from ..registers import CASES, SPECS, RegisterSpec, filterset_for
from .serializers import (
    CasePartySerializer,
    FollowUpVisitSerializer,
    MediationCaseSerializer,
    MediationSessionSerializer,
    StepSerializer,
    serializer_for,
)

VIEW, EDIT = "casework.view", "casework.edit"


class RegisterViewSet(ScopedModelViewSet):
    spec: RegisterSpec
    view_capability = VIEW
    edit_capability = EDIT
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def _values(self, serializer) -> dict:
        return dict(serializer.validated_data)

    def perform_create(self, serializer):
        serializer.instance = services.save_record(actor=self.request.user, model=self.spec.model,
                                                   values=self._values(serializer))

    def perform_update(self, serializer):
        values = {"unit": serializer.instance.unit, **self._values(serializer)}
        serializer.instance = services.save_record(actor=self.request.user, model=self.spec.model, values=values,
                                                   instance=serializer.instance)

    def perform_destroy(self, instance):
        services.delete_record(actor=self.request.user, instance=instance)


def viewset_for(spec: RegisterSpec) -> type[RegisterViewSet]:
    doc = f"{spec.title}：{spec.note}限本单位及下级单位；写入经业务规则检查。"
    return type(f"{spec.model.__name__}ViewSet", (RegisterViewSet,), {
        "__doc__": doc, "spec": spec,
        "queryset": selectors.register_rows(spec),
        "serializer_class": serializer_for(spec),
        "filterset_class": filterset_for(spec),
    })


STEP_SERVICES = {
    "accept": services.accept_case, "session": services.add_session, "close": services.close_case,
    "visit": services.record_visit, "confirm": services.apply_confirmation, "archive": services.archive_case,
}


def _case_step(name: str):
    """POST {id}/<name>/: the case's step `name` (MediationCaseViewSet._step)."""
    return post_action(name, lambda self, request, pk=None: self._step(request, pk, name),
                       request=StepSerializer, responses=MediationCaseSerializer)


class MediationCaseViewSet(ScopedModelViewSet):
    """人民调解案件（收结案登记簿）。POST 登记（含当事人）；POST {id}/accept|session|close|visit|confirm|archive/
    办理各环节，不允许的环节返回 400 和中文原因。"""

    queryset = MediationCase.objects.select_related("unit").order_by("-registered_on", "-id")
    serializer_class = MediationCaseSerializer
    filterset_class = filterset_for(CASES)
    view_capability = VIEW
    edit_capability = EDIT
    http_method_names = ["get", "post", "head", "options"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.get_object()  # a case outside scope does not exist, whatever the method
        return super().http_method_not_allowed(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parties = [dict(p) for p in data.pop("parties")]
        serializer.instance = services.register_case(actor=self.request.user, parties=parties, **data)

    def _step(self, request, pk, step):
        case = self.get_object()
        body = StepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if step == "accept":
            ids = data.pop("mediators", [])
            data["mediators"] = selectors.mediators_by_id(request.user, ids)
            if len(data["mediators"]) != len(set(ids)):
                raise ValidationError({"mediators": "有调解员不存在或不在您的管辖范围内"})
        import inspect

        accepted = inspect.signature(STEP_SERVICES[step]).parameters
        unknown = set(data) - set(accepted)
        if unknown:
            raise ValidationError({k: f"「{step}」环节不接受此字段" for k in unknown})
        missing = [name for name, p in accepted.items()
                   if p.default is p.empty and p.kind == p.KEYWORD_ONLY and name not in ("actor", "case", *data)]
        if missing:
            raise ValidationError({name: "此项为必填项" for name in missing})
        STEP_SERVICES[step](actor=request.user, case=case, **data)
        case.refresh_from_db()
        return Response(MediationCaseSerializer(case, context={"request": request}).data)

    accept = _case_step("accept")
    session = _case_step("session")
    close = _case_step("close")
    visit = _case_step("visit")
    confirm = _case_step("confirm")
    archive = _case_step("archive")


class CasePartyViewSet(ScopedReadOnlyViewSet):
    """调解案件当事人（身份证号码脱敏）；?case=ID 筛选。"""

    queryset = CaseParty.objects.select_related("case__unit").order_by("case_id", "id")
    serializer_class = CasePartySerializer
    view_capability = VIEW
    filterset_fields = ["case"]


class MediationSessionViewSet(ScopedReadOnlyViewSet):
    """调解记录；?case=ID 筛选。新增请用 POST /api/casework-cases/{id}/session/。"""

    queryset = MediationSession.objects.order_by("case_id", "held_on", "id")
    serializer_class = MediationSessionSerializer
    view_capability = VIEW
    filterset_fields = ["case"]


class FollowUpVisitViewSet(ScopedReadOnlyViewSet):
    """回访记录；?case=ID 筛选。新增请用 POST /api/casework-cases/{id}/visit/。"""

    queryset = FollowUpVisit.objects.order_by("case_id", "visited_on", "id")
    serializer_class = FollowUpVisitSerializer
    view_capability = VIEW
    filterset_fields = ["case"]


REGISTER_VIEWSETS = {spec.key: viewset_for(spec) for spec in SPECS}

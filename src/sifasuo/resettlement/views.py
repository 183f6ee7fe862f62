"""Pages of resettlement: the list (filters, export), a person's page (every read logged) and each step."""

from __future__ import annotations

from sifasuo.core.actions import Action, RecordActionView, call_service, offered
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.core.views import ExcelImportView, ScopedListView, SensitivePersonDetailView, UnitRecordCreateView

from . import forms, importers, services
from .filters import PersonFilterSet
from .models import ReleasedPerson


class PersonListView(ScopedListView):
    model = ReleasedPerson
    capability = "resettlement.view"
    sensitive_reads = True
    filterset_class = PersonFilterSet
    title = "刑满释放人员（安置帮教）"
    create_url_name = "resettlement:create"
    create_capability = "resettlement.edit"
    import_url_name = "resettlement:import"
    columns = [
        Column("姓名", "full_name", link=True),
        Column("性别", "sex"),
        MASKED_ID_NUMBER,
        Column("罪名", "crime"),
        Column("来源", "source"),
        Column("预计释放", "expected_release_on"),
        Column("释放日期", "released_on"),
        Column("重点对象", "is_key"),
        Column("风险等级", "risk_tier"),
        Column("帮教期满", "assistance_until"),
        Column("帮教单位", "unit__name"),
        Column("状态", "status"),
    ]


_E = "resettlement.edit"
PERSON_ACTIONS = [
    Action("verify", "核查", forms.VerifyForm, call_service(services.verify, "person"), _E,
           when=lambda p: not p.verified_on),
    Action("confirm", "核实", forms.ConfirmForm, call_service(services.confirm, "person"), _E,
           when=lambda p: p.verified_on and not p.confirmed_on),
    Action("release", "登记释放", forms.ReleaseForm, call_service(services.record_release, "person"), _E,
           when=lambda p: p.status == "notified"),
    Action("collect", "登记接回（必接必送）", forms.CollectForm, call_service(services.record_collection, "person"), _E,
           when=lambda p: p.is_key and p.released_on and not p.collected_on),
    Action("handover", "衔接", forms.HandOverForm, call_service(services.hand_over, "person"), _E,
           field_map={"risk_tier": "tier"}, when=lambda p: p.status == "released"),
    Action("placement", "安置", forms.PlacementForm, call_service(services.set_placement, "person"), _E,
           when=lambda p: p.status == "assisting"),
    Action("assistance", "帮教记录", forms.AssistanceForm, call_service(services.record_assistance, "person"), _E,
           when=lambda p: p.status == "assisting"),
    Action("risk", "风险评估", forms.RiskForm, call_service(services.review_risk, "person"), _E,
           when=lambda p: p.status == "assisting"),
    Action("reoffence", "登记重新犯罪", forms.ReoffenceForm, call_service(services.record_reoffence, "person"), _E,
           field_map={"reoffended_on": "on", "reoffence_note": "note"},
           when=lambda p: p.status in ("released", "assisting")),
    Action("end", "帮教期满结束", forms.EndForm, call_service(services.end_assistance, "person"), _E,
           when=lambda p: p.status == "assisting"),
]


class PersonActionView(RecordActionView):
    model = ReleasedPerson
    capability = "resettlement.view"
    actions = PERSON_ACTIONS


class PersonDetailView(SensitivePersonDetailView):
    model = ReleasedPerson
    capability = "resettlement.view"
    template_name = "resettlement/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        p = self.object
        user = self.request.user
        context.update(assistance=p.assistance.all()[:50], risk_reviews=p.risk_reviews.all(),
                       actions=offered(PERSON_ACTIONS, p, user))
        return context


class PersonCreateView(UnitRecordCreateView):
    model = ReleasedPerson
    capability = "resettlement.edit"
    form_class = forms.NoticeForm
    title = "登记预释放通知"
    service = staticmethod(services.register_notice)
    success_message = "已登记 {record.full_name} 的预释放通知"


class PersonImportView(ExcelImportView):
    model = ReleasedPerson
    capability = "resettlement.edit"
    template_name = "resettlement/import.html"
    columns = importers.COLUMNS
    template_title = "刑满释放人员"
    success_url_name = "resettlement:list"

    def import_rows(self, rows, user) -> str:
        created = importers.import_persons(rows=rows, user=user)
        released = sum(1 for p in created if p.released_on)
        return f"导入成功：新增 {len(created)} 名刑满释放人员（其中已释放 {released} 名，待释放 {len(created) - released} 名）"

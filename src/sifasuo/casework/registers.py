"""A small declarative register framework: one `RegisterSpec` per register gives its list columns, filters,
form, Excel import, export, print view and API, so the nine registers stay cheap and uniform.

`views.register_urls()` turns every spec into pages (/casework/<key>/…), `api.views` into endpoints
(/api/casework-<key>/). The mediation cases (人民调解收结案登记簿) use the same list, filters, export and
print view; their form, detail page and import are their own (the case is a workflow, and its import
streams 100,000 rows).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import Count, Q

from sifasuo.core.filters import FilterSet, within_method
from sifasuo.core.forms import Form
from sifasuo.core.importers import ImportColumn, parse_choice, parse_date, parse_int, parse_text, parse_yes_no
from sifasuo.core.scoping import EDIT, restrict
from sifasuo.core.tables import MASKED_ID_NUMBER, Column
from sifasuo.orgunits.models import OrgUnit

from .models import (
    InfoItem,
    LegalAidApplication,
    MediationCase,
    MediationCommittee,
    Mediator,
    Petition,
    PublicityEvent,
    ScreeningFinding,
    ScreeningRound,
    StudyMeeting,
    TypicalCase,
)


@dataclass
class RegisterSpec:
    key: str                      # URL part and route prefix: /casework/<key>/, casework:<key>_list
    model: type[models.Model]
    title: str                    # the paper register's name
    fields: list[str]             # editable fields besides the unit, in form / import / API order
    columns: list[Column]         # list page, Excel export and print view
    date_field: str
    search_fields: list[str]
    choice_filters: list[str] = field(default_factory=list)
    importable: bool = True
    menu: str = ""                # menu label ("" = not in the menu)
    note: str = ""                # what the register is for, shown under its title
    # FK fields in an import: header text and resolver (text, unit) -> object, raising ValueError
    import_lookups: dict[str, tuple[str, Callable[[str, OrgUnit], Any]]] = field(default_factory=dict)
    prepare: Callable[[models.QuerySet], models.QuerySet] | None = None  # joins / annotations of the list
    # What makes two rows the same record: each tuple of fields is one key (a key with an empty value does
    # not count); an import refuses a row whose key repeats an earlier row's, or a record already registered.
    identities: tuple[tuple[str, ...], ...] = ()
    # more date ranges on the list: (filter prefix, date field), e.g. ("closed", "closed_on") gives
    # closed_since / closed_until (the dashboard's drill-down by closing month)
    extra_dates: tuple[tuple[str, str], ...] = ()

    def queryset(self, qs: models.QuerySet) -> models.QuerySet:
        qs = qs.select_related("unit")
        return self.prepare(qs) if self.prepare else qs

    @property
    def verbose(self) -> str:
        return str(self.model._meta.verbose_name)


def _unit_columns() -> list[Column]:
    return [Column("单位", "unit__name")]


# --- resolvers of foreign keys in imports ---------------------------------------------------------------

def _committee_by_name(text: str, unit: OrgUnit):
    committee = MediationCommittee.objects.filter(unit=unit, name=text).first()
    if committee is None:
        raise ValueError(f"「{unit.name}」没有名为「{text}」的调委会，请先登记调委会")
    return committee


def _screening_by_date(text: str, unit: OrgUnit):
    day = parse_date(text)
    found = ScreeningRound.objects.filter(unit=unit, held_on=day).order_by("-id").first()
    if found is None:
        raise ValueError(f"「{unit.name}」{day:%Y-%m-%d} 没有排查记录，请先登记排查")
    return found


def _case_by_number(text: str, unit: OrgUnit):
    case = MediationCase.objects.filter(unit=unit, number=text).order_by("-year").first()
    if case is None:
        raise ValueError(f"「{unit.name}」没有案件编号为 {text} 的调解案件")
    return case


SPECS: list[RegisterSpec] = [
    RegisterSpec(
        key="petitions", model=Petition, title="来信来访登记簿", menu="来信来访",
        note="群众来信、来访、来电的登记、承办和结果（公开投诉电话和信箱，HZ-4）。",
        fields=["kind", "received_on", "petitioner", "headcount", "phone", "address", "subject", "content",
                "handler", "handling", "result", "closed_on"],
        columns=[Column("登记日期", "received_on", link=True), *_unit_columns(), Column("方式", "kind"),
                 Column("来信来访人", "petitioner"), Column("人数", "headcount"), Column("反映事项", "subject"),
                 Column("承办人", "handler"), Column("处理情况", "handling"), Column("办理结果", "result"),
                 Column("办结日期", "closed_on")],
        date_field="received_on", search_fields=["petitioner", "subject", "content"],
        choice_filters=["kind", "result"],
        identities=(("unit", "received_on", "petitioner", "subject"),),
    ),
    RegisterSpec(
        key="meetings", model=StudyMeeting, title="学习会议登记簿", menu="学习会议",
        note="每周半天集中学习、所长月例会和季度例会、业务培训（HZ-4）。",
        fields=["kind", "held_on", "topic", "host", "place", "attendees", "absentees", "content"],
        columns=[Column("日期", "held_on", link=True), *_unit_columns(), Column("类型", "kind"),
                 Column("主题", "topic"), Column("主持人", "host"), Column("地点", "place"),
                 Column("参加人数", "attendees"), Column("缺席人员及原因", "absentees")],
        date_field="held_on", search_fields=["topic", "content", "host"], choice_filters=["kind"],
    ),
    RegisterSpec(
        key="publicity", model=PublicityEvent, title="法治宣传登记簿", menu="法治宣传",
        note="法治宣传活动及受众人数。",
        fields=["held_on", "title", "form", "place", "audience", "materials", "consultations", "organiser",
                "content"],
        columns=[Column("活动日期", "held_on", link=True), *_unit_columns(), Column("活动主题", "title"),
                 Column("宣传形式", "form"), Column("地点", "place"), Column("受众人数", "audience"),
                 Column("发放资料（份）", "materials"), Column("解答咨询（人次）", "consultations"),
                 Column("组织者", "organiser")],
        date_field="held_on", search_fields=["title", "place", "content"], choice_filters=["form"],
    ),
    RegisterSpec(
        key="screenings", model=ScreeningRound, title="矛盾纠纷排查登记簿", menu="矛盾纠纷排查",
        note="每半月排查分析一次，每季度集中排查一次（HZ-4）；排查发现的纠纷登记风险等级，可转为调解案件。",
        fields=["kind", "held_on", "scope", "participants", "summary"],
        columns=[Column("排查日期", "held_on", link=True), *_unit_columns(), Column("排查类型", "kind"),
                 Column("排查范围", "scope"), Column("参加人员", "participants"),
                 Column("发现纠纷（件）", "finding_count"), Column("排查情况", "summary")],
        date_field="held_on", search_fields=["scope", "summary", "participants"], choice_filters=["kind"],
        prepare=lambda qs: qs.annotate(finding_count=Count("findings")).order_by("-held_on", "-id"),
    ),
    RegisterSpec(
        key="findings", model=ScreeningFinding, title="排查发现的矛盾纠纷",
        note="排查中发现的纠纷和不稳定因素，按风险等级跟踪化解；需要调解的转为调解案件。",
        fields=["screening", "found_on", "description", "parties", "dispute_type", "risk_level", "measures",
                "status"],
        columns=[Column("发现日期", "found_on", link=True), *_unit_columns(),
                 Column("纠纷（隐患）情况", "description"), Column("涉及当事人", "parties"),
                 Column("纠纷类型", "dispute_type"), Column("风险等级", "risk_level"),
                 Column("化解措施", "measures"), Column("状态", "status"),
                 Column("调解案件", lambda f: f.case.number if f.case_id else "")],
        date_field="found_on", search_fields=["description", "parties"],
        choice_filters=["risk_level", "status", "dispute_type"],
        import_lookups={"screening": ("排查日期", _screening_by_date)},
        prepare=lambda qs: qs.select_related("case"),
    ),
    RegisterSpec(
        key="typical", model=TypicalCase, title="典型案例登记簿", menu="典型案例",
        note="每所每月至少报送典型案例 2 篇（HZ-6），片区中心所每月不少于 3 篇（HZ-3）。",
        fields=["recorded_on", "title", "dispute_type", "case", "summary", "comment", "reported_to"],
        columns=[Column("报送日期", "recorded_on", link=True), *_unit_columns(), Column("案例标题", "title"),
                 Column("纠纷类型", "dispute_type"), Column("调解案件", lambda t: t.case.number if t.case_id else ""),
                 Column("报送单位", "reported_to")],
        date_field="recorded_on", search_fields=["title", "summary"], choice_filters=["dispute_type"],
        import_lookups={"case": ("案件编号", _case_by_number)},
        prepare=lambda qs: qs.select_related("case"),
    ),
    RegisterSpec(
        key="legalaid", model=LegalAidApplication, title="法律援助登记簿", menu="法律援助",
        note="司法所受理、转交的法律援助申请：法律援助机构应在收到申请之日起 7 日内审查、决定给予援助后 3 日内指派（《法律援助法》）。",
        fields=["applied_on", "applicant", "id_number", "phone", "matter", "summary", "referred_on", "status",
                "reviewed_on", "assigned_on", "assignee", "closed_on", "note"],
        columns=[Column("申请日期", "applied_on", link=True), *_unit_columns(), Column("申请人", "applicant"),
                 MASKED_ID_NUMBER, Column("援助事项", "matter"),
                 Column("转交日期", "referred_on"), Column("审查决定日期", "reviewed_on"), Column("状态", "status"),
                 Column("指派日期", "assigned_on"), Column("承办人", "assignee")],
        date_field="applied_on", search_fields=["applicant", "summary", "assignee"],
        choice_filters=["matter", "status"],
        identities=(("unit", "applied_on", "applicant", "matter"), ("id_number", "applied_on", "matter")),
    ),
    RegisterSpec(
        key="committees", model=MediationCommittee, title="人民调解委员会", menu="调委会",
        note="调委会由委员三至九人组成，每届任期三年（《人民调解法》第八、九条）。",
        fields=["name", "kind", "term_start", "term_end", "phone", "note"],
        columns=[Column("调委会名称", "name", link=True), *_unit_columns(), Column("类型", "kind"),
                 Column("任期起", "term_start"), Column("任期止", "term_end"), Column("在任委员", "member_count"),
                 Column("联系电话", "phone")],
        date_field="term_end", search_fields=["name"], choice_filters=["kind"],
        identities=(("unit", "name"),),
        prepare=lambda qs: qs.annotate(member_count=Count("mediators", filter=Q(mediators__left_on__isnull=True)))
        .order_by("unit__path", "name"),
    ),
    RegisterSpec(
        key="mediators", model=Mediator, title="人民调解员花名册", menu="调解员花名册",
        note="各调委会的委员和调解员。",
        fields=["committee", "full_name", "sex", "id_number", "role", "full_time", "phone", "education",
                "joined_on", "left_on"],
        columns=[Column("姓名", "full_name", link=True), Column("性别", "sex"),
                 MASKED_ID_NUMBER, *_unit_columns(),
                 Column("调委会", "committee__name"), Column("职务", "role"), Column("专职", "full_time"),
                 Column("文化程度", "education"), Column("联系电话", "phone"), Column("聘任日期", "joined_on"),
                 Column("离任日期", "left_on")],
        date_field="joined_on", search_fields=["full_name", "phone"], choice_filters=["role", "sex"],
        import_lookups={"committee": ("调委会名称", _committee_by_name)},
        identities=(("committee", "id_number"), ("committee", "full_name")),
        prepare=lambda qs: qs.select_related("committee"),
    ),
    RegisterSpec(
        key="info", model=InfoItem, title="信息与一句话新闻登记簿", menu="信息简讯",
        note="每所每月至少报送信息 2 条（HZ-6），每个乡镇每月一句话新闻不少于 2 则（HZ-3）。",
        fields=["kind", "reported_on", "title", "content", "author", "adopted_by"],
        columns=[Column("报送日期", "reported_on", link=True), *_unit_columns(), Column("类别", "kind"),
                 Column("标题", "title"), Column("撰稿人", "author"), Column("采用情况", "adopted_by")],
        date_field="reported_on", search_fields=["title", "content"], choice_filters=["kind"],
    ),
]

CASES = RegisterSpec(
    key="cases", model=MediationCase, title="人民调解收结案登记簿", menu="人民调解案件",
    note="受理登记、调解、结案、回访、司法确认、立卷归档（WH-9）。",
    fields=[],
    columns=[Column("案件编号", "number", link=True), *_unit_columns(), Column("登记日期", "registered_on"),
             Column("来源", "source"), Column("纠纷类型", "dispute_type"), Column("当事人", "parties_display"),
             Column("纠纷简要", "title"), Column("涉及金额", "amount", kind="money"),
             Column("调解员", "mediator_names"), Column("受理日期", "accepted_on"), Column("结案日期", "closed_on"),
             Column("调解结果", "outcome"), Column("协议形式", "agreement_form"),
             Column("协议金额", "agreement_amount", kind="money"), Column("履行情况", "performance"),
             Column("状态", "status")],
    date_field="registered_on", search_fields=["number", "parties_display", "title"],
    choice_filters=["status", "outcome", "dispute_type", "source"],
    prepare=lambda qs: qs.defer("facts", "agreement_content", "close_note"),  # long texts: not in the list
    extra_dates=(("closed", "closed_on"),),
)

BY_KEY = {spec.key: spec for spec in [CASES, *SPECS]}
BY_MODEL = {spec.model: spec for spec in [CASES, *SPECS]}


# --- filters ------------------------------------------------------------------------------------------

def _filter_q(fields):
    def method(queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for f in fields:
            query |= Q(**{f"{f}__icontains": value})
        return queryset.filter(query)
    return method


def _filter_month(spec):
    def method(queryset, name, value):
        try:
            year, month = (int(p) for p in value.strip().split("-")[:2])
            start = datetime.date(year, month, 1)
        except (ValueError, TypeError):
            return queryset.none()
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return queryset.filter(**{f"{spec.date_field}__gte": start, f"{spec.date_field}__lt": end})
    return method


def filterset_for(spec: RegisterSpec) -> type[FilterSet]:
    """q (search), the choice fields, within (unit code incl. subtree), a date range and a month."""
    date_label = spec.model._meta.get_field(spec.date_field).verbose_name
    attrs: dict[str, Any] = {
        "q": django_filters.CharFilter(method=_filter_q(spec.search_fields), label="搜索"),
    }
    for name in spec.choice_filters:
        f = spec.model._meta.get_field(name)
        attrs[name] = django_filters.ChoiceFilter(field_name=name, choices=f.choices, label=f.verbose_name)
    attrs.update({
        "within": django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）"),
        "since": django_filters.DateFilter(field_name=spec.date_field, lookup_expr="gte", label=f"{date_label}起",
                                           widget=forms.DateInput(attrs={"type": "date"})),
        "until": django_filters.DateFilter(field_name=spec.date_field, lookup_expr="lte", label=f"{date_label}止",
                                           widget=forms.DateInput(attrs={"type": "date"})),
        "month": django_filters.CharFilter(method=_filter_month(spec), label="月份（如 2025-03）"),
    })
    for prefix, date_field in spec.extra_dates:
        label = spec.model._meta.get_field(date_field).verbose_name
        attrs[f"{prefix}_since"] = django_filters.DateFilter(field_name=date_field, lookup_expr="gte",
                                                             label=f"{label}起",
                                                             widget=forms.DateInput(attrs={"type": "date"}))
        attrs[f"{prefix}_until"] = django_filters.DateFilter(field_name=date_field, lookup_expr="lte",
                                                             label=f"{label}止",
                                                             widget=forms.DateInput(attrs={"type": "date"}))
    attrs["Meta"] = type("Meta", (), {"model": spec.model, "fields": []})
    return type(f"{spec.model.__name__}FilterSet", (FilterSet,), attrs)


# --- forms --------------------------------------------------------------------------------------------

# Related rows offered in a form: the recent ones (and the record's current one).
RECENT_CHOICES = {
    MediationCase: lambda: Q(outcome="success", closed_on__gte=datetime.date.today() - datetime.timedelta(days=365)),
    ScreeningRound: lambda: Q(held_on__gte=datetime.date.today() - datetime.timedelta(days=120)),
}


class RegisterForm(Form):
    """Built per register by `form_for`; related rows offered are those in the user's scope."""

    spec: RegisterSpec

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if isinstance(f, forms.ModelChoiceField):
                qs = restrict(f.queryset.model.objects.all(), user, EDIT).select_related("unit")
                recent = RECENT_CHOICES.get(f.queryset.model)
                if recent is not None:  # a select of every case of a county would be thousands long
                    current = self.initial.get(name) or self.data.get(name)
                    current = getattr(current, "pk", current)
                    keep = Q(pk=current) if current and str(current).isdigit() else Q(pk__in=[])
                    qs = qs.filter(recent() | keep)
                f.queryset = qs
        if not self.is_bound and user.unit and user.unit.level >= 4 and not self.initial.get("unit_code"):
            self.initial["unit_code"] = user.unit.code

    def record_values(self, unit: OrgUnit | None) -> dict:
        """The record's field values as services.save_record takes them: the cleaned data with its unit."""
        data = dict(self.cleaned_data)
        data.pop("unit_code", None)
        for name in list(data):
            if isinstance(self.fields[name], forms.CharField) and data[name] is None:
                data[name] = ""
        return {"unit": unit, **data}


def form_for(spec: RegisterSpec) -> type[RegisterForm]:
    attrs: dict[str, Any] = {
        "unit_code": forms.CharField(label="所属单位代码", max_length=12,
                                     help_text="司法所 9 位或工作室 12 位代码"),
    }
    for name in spec.fields:
        mf = spec.model._meta.get_field(name)
        if mf.is_relation:
            ff = forms.ModelChoiceField(queryset=mf.related_model.objects.all(), required=not mf.null,
                                        label=mf.verbose_name)
        else:
            ff = mf.formfield()
        if isinstance(mf, models.DateField):
            ff.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(mf, models.TextField):
            ff.widget = forms.Textarea(attrs={"rows": 3})
        attrs[name] = ff
    attrs["spec"] = spec
    return type(f"{spec.model.__name__}Form", (RegisterForm,), attrs)


# --- import columns -----------------------------------------------------------------------------------

def parse_decimal(value):
    text = parse_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(f"「{text}」不是数字") from None
    if number < 0:
        raise ValueError(f"不能为负数（{text}）")
    return number.quantize(decimal.Decimal("0.01"))


def _example(mf):
    if mf.choices:
        return str(mf.choices[0][1])
    if isinstance(mf, models.DateField):
        return "2025-03-05"
    if isinstance(mf, models.BooleanField):
        return "否"
    if isinstance(mf, (models.IntegerField, models.DecimalField)):
        return 1
    return ""


def import_columns(spec: RegisterSpec) -> list[ImportColumn]:
    columns = [ImportColumn("单位代码", "unit_code", required=True, example="370102001",
                            help="司法所 9 位或工作室 12 位代码")]
    for name in spec.fields:
        mf = spec.model._meta.get_field(name)
        if mf.is_relation:
            header, _ = spec.import_lookups[name]
            columns.append(ImportColumn(header, name, required=not mf.null, help=f"{mf.verbose_name}"))
            continue
        if mf.choices:
            parse = parse_choice(mf.choices, mf.verbose_name, blank=None)
            help_text = "、".join(str(label) for _, label in mf.choices)
        elif isinstance(mf, models.DateField):
            parse, help_text = parse_date, "日期，如 2025-03-05"
        elif isinstance(mf, models.BooleanField):
            parse, help_text = parse_yes_no, "是 / 否"
        elif isinstance(mf, models.DecimalField):
            parse, help_text = parse_decimal, "金额（元）"
        elif isinstance(mf, models.IntegerField):
            parse, help_text = parse_int, "整数"
        else:
            parse, help_text = parse_text, str(mf.verbose_name)
        required = not mf.blank and not mf.has_default() and not isinstance(mf, models.BooleanField)
        columns.append(ImportColumn(str(mf.verbose_name), name, parse, required=required, example=_example(mf),
                                    help=help_text))
    return columns

"""Forms of the recruitment pages: an announcement with its posts, an application (entered by the county or
made online, with certificates), and the steps taken on an application (review, scores, checks, objection,
hire). Rules stay in services.py; a form only turns typed text into values and shows the service's
messages."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.core.validators import RegexValidator

from sifasuo import policy as engine
from sifasuo.core.forms import Form
from sifasuo.core.idnumbers import mask
from sifasuo.orgunits.forms import RegionField
from sifasuo.staff.choices import DutyCategory, Education, Sex

from . import services
from .choices import CheckResult, ObjectionOutcome, ReviewDecision, StudyMode

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "请输入有效日期，格式如 2024-03-01（不存在的日期如2月30日无效）"}
REGION_HELP = "依次选择省、市、县（市、区），可再选乡镇（街道）"
phone_number = RegexValidator(r"^1\d{10}$", "手机号码应为以1开头的11位数字")
YES_NO_CHOICES = [("", "请选择"), ("no", "否"), ("yes", "是")]

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# Extension → the bytes such a file begins with; the content is checked, not only the name.
DOCUMENT_SIGNATURES = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                       ".png": (b"\x89PNG\r\n\x1a\n",)}
# (form field, ApplicationDocument.kind, required online)
DOCUMENT_KINDS = [("doc_diploma", "学历证书", True), ("doc_id_card", "身份证（正反面）", False),
                  ("doc_priority", "优先条件证明材料", False)]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                           help_text=help_text)


def validate_document(upload) -> None:
    """PDF, JPG or PNG, at most 5 MB, and the content must be what the name says."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in DOCUMENT_SIGNATURES:
        raise forms.ValidationError(f"「{upload.name}」的文件类型不允许：只接受 PDF、JPG、PNG 文件")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(f"「{upload.name}」大小为 {upload.size / 1024 / 1024:.1f} MB，超过 5 MB 上限")
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in DOCUMENT_SIGNATURES[suffix]):
        raise forms.ValidationError(f"「{upload.name}」的内容不是有效的{suffix[1:].upper()}文件")


# --- announcement and posts ------------------------------------------------------------------------------


class AnnouncementForm(Form):
    plan = forms.ModelChoiceField(label="依据的招聘计划", queryset=None, required=False, empty_label="（请选择）",
                                  help_text="市局已批准或省厅已备案的本县计划；选择后各所岗位按计划未占用的名额预填")
    title = forms.CharField(label="公告标题", max_length=200)
    announced_on = date_field("公告日期")
    registration_start = date_field("报名开始日期")
    registration_deadline = date_field("报名截止日期")
    body = forms.CharField(label="公告正文", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, plans, plan_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        if plan_required:
            self.fields["plan"].label = "依据的招聘计划（必选）"


class PostForm(Form):
    """One post; a row left without an office is ignored."""

    office = forms.ModelChoiceField(label="司法所", queryset=None, required=False, empty_label="（不设）")
    track = forms.ChoiceField(label="招聘渠道", required=False)
    positions = forms.IntegerField(label="招聘人数", min_value=1, max_value=50, required=False,
                                   error_messages={"min_value": "招聘人数至少为1人", "max_value": "招聘人数至多为50人"})
    sex = forms.ChoiceField(label="性别要求", choices=[("", "不限"), *Sex.choices], required=False)

    def __init__(self, *args, offices, tracks, split_by_sex: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["track"].choices = tracks
        if not split_by_sex:
            del self.fields["sex"]  # the policy does not split posts by sex (e.g. DQ-7.8)

    def clean(self):
        data = super().clean()
        if data.get("office") is not None:
            for field in ("track", "positions"):
                if data.get(field) in (None, "") and field not in self.errors:
                    self.add_error(field, "此项为必填项")
        return data

    def spec(self) -> dict | None:
        data = self.cleaned_data
        if data.get("office") is None or data.get("DELETE"):
            return None
        return {"office": data["office"], "track": data["track"], "positions": data["positions"],
                "sex": data.get("sex", "")}


# Rows are added and removed in the page (static/sifasuo/forms.js); a removed row is marked DELETE.
PostFormSet = forms.formset_factory(PostForm, extra=0, can_delete=True, max_num=200, absolute_max=200)


# --- applications ----------------------------------------------------------------------------------------


class AuxiliaryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.unit.name}，{obj.get_staff_type_display()}，{mask(obj.id_number)}）"


class ApplicationForm(Form):
    """An application. With `posts` the county chooses the post (internal entry) and may pick an existing
    auxiliary from its roster (`auxiliaries`); online the post is fixed and certificates are uploaded
    (`with_documents`). Sex and birth date are read from the ID number, not typed."""

    post = forms.ModelChoiceField(label="报考岗位", queryset=None, empty_label="请选择岗位")
    staff = AuxiliaryChoiceField(label="从花名册选择现有专职辅助人员", queryset=None, required=False,
                                 empty_label="（不从花名册选择）",
                                 help_text="内部选聘（转任）的报名：选择后姓名、身份证号码、学历等取自人员记录，不必再填")
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    id_number = forms.CharField(label="身份证号码", max_length=20, required=False,
                                help_text="18位居民身份证号码，末位可为X；性别和出生日期从号码读取",
                                widget=forms.TextInput(attrs={"data-id-preview": "id_number_preview"}))
    phone = forms.CharField(label="手机号码", max_length=11, required=False, validators=[phone_number])
    education = forms.ChoiceField(label="学历", choices=[("", "请选择"), *Education.choices], required=False)
    study_mode = forms.ChoiceField(label="学习形式", choices=[("", "请选择"), *StudyMode.choices], required=False,
                                   help_text="全日制（普通高校全日制教育）或非全日制（成人教育、自学考试、网络教育等）")
    major = forms.CharField(label="专业", max_length=100, required=False, help_text="按学历证书填写所学专业")
    household_region = RegionField(label="户籍所在地", required=False, help_text=REGION_HELP)
    household_since = date_field("户籍迁入日期", required=False)
    residence_region = RegionField(label="居住地", required=False, help_text=REGION_HELP)
    residence_since = date_field("居住起始日期", required=False)
    is_existing_auxiliary = forms.BooleanField(label="现为司法行政系统专职辅助人员", required=False)
    auxiliary_region = RegionField(label="现工作单位所在地", required=False,
                                   help_text="仅现有专职辅助人员填写（从花名册选择的不必填写）")

    def __init__(self, *args, policy: engine.Policy, tracks, posts=None, with_documents: bool = False,
                 auxiliaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        if posts is None:
            del self.fields["post"]
        else:
            self.fields["post"].queryset = posts
        if auxiliaries is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = auxiliaries
        # One question per disqualification the applicant declares (services.declaration_items), for the
        # tracks the posts are on; the service accepts only those of the chosen post's track.
        self.declaration_tracks: dict[str, set[str]] = {}
        for track in tracks:
            for code, rule_id, situation, _by in services.declaration_items(policy, track):
                if code not in self.declaration_tracks:
                    self.fields[f"decl_{code}"] = forms.ChoiceField(
                        label=f"{situation}（{rule_id}）", choices=YES_NO_CHOICES,
                        error_messages={"required": "请回答此项（是或否）"})
                self.declaration_tracks.setdefault(code, set()).add(track)
        # Conditions that change eligibility (例外条件) and those that give priority are asked apart.
        exceptions = [e for e in policy.exceptions if any(e.applies_to(t) for t in tracks)]
        exception_codes: list[str] = []
        for exception in exceptions:
            exception_codes += [c for c in exception.conditions if c not in exception_codes]
        for rule in policy.residence:
            if any(rule.applies_to(t) for t in tracks):
                exception_codes += [c for c in rule.exceptions if c not in exception_codes]
        if exception_codes:
            rules = "、".join(sorted({e.id for e in exceptions if e.conditions}))
            self.fields["exception_conditions"] = forms.MultipleChoiceField(
                label="适用的例外条件" + (f"（{rules}）" if rules else ""), required=False,
                choices=[(code, policy.vocabulary.name("condition", code)) for code in exception_codes],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                help_text="具备下列情形的，部分资格条件可以放宽（须上传证明材料，经审核确认）")
        conditions = [c for c in (policy.priority.conditions if policy.priority else ())
                      if any(c.applies_to(t) for t in tracks)]
        if conditions:
            self.fields["conditions"] = forms.MultipleChoiceField(
                label=f"优先条件（{policy.priority.id}）", required=False,
                choices=[(c.code, f"{policy.vocabulary.name('condition', c.code)}（{c.id}）")
                         for c in conditions],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                help_text=policy.priority.text)
        if with_documents:
            for field, kind, required in DOCUMENT_KINDS:
                self.fields[field] = forms.FileField(
                    label=kind, required=required, validators=[validate_document],
                    widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
                    help_text="PDF、JPG 或 PNG，不超过 5 MB", error_messages={"required": f"请上传{kind}"})

    # Groups of fields for the template, so the page reads like the paper form.
    PERSON = ("post", "staff", "full_name", "id_number", "phone")
    BACKGROUND = ("education", "study_mode", "major", "household_region", "household_since", "residence_region",
                  "residence_since", "is_existing_auxiliary", "auxiliary_region")

    def group(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    def person_fields(self):
        return self.group(self.PERSON)

    def background_fields(self):
        return self.group(self.BACKGROUND)

    def declaration_fields(self):
        return [self[f"decl_{code}"] for code in self.declaration_tracks]

    def condition_fields(self):
        return self.group(("exception_conditions", "conditions"))

    def document_fields(self):
        return self.group([field for field, _kind, _required in DOCUMENT_KINDS])

    def clean(self):
        data = super().clean()
        if not data.get("staff"):
            for name in ("full_name", "id_number", "education"):
                if name in self.fields and not data.get(name) and name not in self.errors:
                    self.add_error(name, "此项为必填项")
        return data

    def service_data(self, track: str) -> dict:
        """The `data` of services.submit_application for a post on `track`."""
        data = {name: self.cleaned_data[name] for name in services.APPLICATION_FIELDS
                if name in self.cleaned_data}
        data["declarations"] = {code: self.cleaned_data[f"decl_{code}"] == "yes"
                                for code, tracks in self.declaration_tracks.items() if track in tracks}
        codes = self.policy.priority.codes_for(track) if self.policy.priority else frozenset()
        excepted = {c for e in self.policy.exceptions if e.applies_to(track) for c in e.conditions}
        excepted |= {c for r in self.policy.residence if r.applies_to(track) for c in r.exceptions}
        chosen = [c for c in self.cleaned_data.get("conditions", []) if c in codes]
        chosen += [c for c in self.cleaned_data.get("exception_conditions", []) if c in excepted and c not in chosen]
        data["conditions"] = chosen
        return data

    def documents(self) -> list[tuple[str, object]]:
        return [(kind, self.cleaned_data[field]) for field, kind, _required in DOCUMENT_KINDS
                if self.cleaned_data.get(field)]


# --- the steps on one application ------------------------------------------------------------------------


FINDING_CHOICES = [("", "尚未认定"), ("no", "不存在"), ("yes", "存在")]


class ReviewForm(Form):
    """The reviewer's findings on the situations only a reviewer establishes (不适宜的其他情形), then the
    decision on the system's verdict."""

    decision = forms.ChoiceField(label="审核意见", choices=ReviewDecision.choices)
    reason = forms.CharField(label="理由", max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="改变系统结论时必须填写")

    def __init__(self, *args, reviewer_items=(), findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        findings = findings or {}
        self.finding_codes = []
        for code, rule_id, situation in reviewer_items:
            value = findings.get(code)
            self.fields[f"finding_{code}"] = forms.ChoiceField(
                label=f"{situation}（{rule_id}，审查人员认定）", choices=FINDING_CHOICES, required=False,
                initial={True: "yes", False: "no"}.get(value, ""),
                help_text="认定存在的，系统按该条判为不通过；尚未认定的，结论中列为待人工确认")
            self.finding_codes.append(code)
        self.order_fields([*(f"finding_{c}" for c in self.finding_codes), "decision", "reason"])

    def findings(self) -> dict[str, bool | None]:
        return {code: {"yes": True, "no": False}.get(self.cleaned_data.get(f"finding_{code}") or "")
                for code in self.finding_codes}


def split_marks(text: str) -> list[str]:
    return [m for m in re.split(r"[\s,，、;；]+", text.strip()) if m]


class ScoreForm(Form):
    written = forms.CharField(label="笔试成绩", max_length=10, required=False)
    interview_marks = forms.CharField(label="面试考官评分", max_length=200, required=False,
                                      help_text="各考官的评分，用空格或逗号分隔，如：90 91 89 95 60")

    def __init__(self, *args, scale, examiners: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        if examiners is None:
            del self.fields["interview_marks"]  # the track has no interview (e.g. DQ-7.2)
        else:
            self.fields["interview_marks"].help_text += f"；至少{examiners}名考官"

    def clean_written(self):
        value = self.cleaned_data["written"].strip()
        services.parse_score(value, label="笔试成绩", scale=self.scale)
        return value

    def clean_interview_marks(self):
        marks = split_marks(self.cleaned_data["interview_marks"])
        for number, mark in enumerate(marks, start=1):
            services.parse_score(mark, label=f"第{number}位考官评分", scale=self.scale)
        return marks

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("written") and not data.get("interview_marks"):
            raise forms.ValidationError("请填写笔试成绩或面试考官评分")
        return data


class CheckForm(Form):
    inspection = forms.ChoiceField(label="考察", choices=CheckResult.choices, required=False)
    medical = forms.ChoiceField(label="体检", choices=CheckResult.choices, required=False)


class NoticeForm(Form):
    start = date_field("公示开始日期", help_text="不早于公告日期和报名截止日期；截止日期按政策的天数和节假日安排计算")


class CloseRegistrationForm(Form):
    reason = forms.CharField(label="提前截止的理由", max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), help_text="截止日期前截止报名时必填")
    confirm = forms.BooleanField(label="确认在截止日期前截止报名", required=False)


class AssessmentForm(Form):
    """YQ-3.8: the 德能勤绩廉 assessment of an internal applicant."""

    result = forms.ChoiceField(label="考核结论", choices=[(CheckResult.PASSED, "合格"), (CheckResult.FAILED, "不合格")])
    on = date_field("考核日期")
    by = forms.CharField(label="考核组织（人员）", max_length=100, help_text="如：县司法局考核组")


class ObjectionForm(Form):
    objection = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))
    received_on = date_field("收到日期", required=False, help_text="不填为今天；须在公示期内")


class ObjectionResolutionForm(Form):
    outcome = forms.ChoiceField(label="处理结论", choices=ObjectionOutcome.choices)
    resolution = forms.CharField(label="核查情况和处理意见", widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field("处理日期", required=False, help_text="不填为今天")


class HireForm(Form):
    contract_start = date_field("合同开始日期")
    duty_category = forms.ChoiceField(label="岗位职责类别", choices=[("", "（暂不确定）"), *DutyCategory.choices],
                                      required=False)

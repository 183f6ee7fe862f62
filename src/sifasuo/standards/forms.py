"""Forms of the standardization pages: they check shape; the rules are in services.py. Choices of rooms,
equipment and workstation items come from the unit's standard file."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form

from .choices import BuildStatus, DirectorRank, EquipmentStatus, FindingResult, ProgressStatus, Tenure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "未填报"), ("true", "是"), ("false", "否")]


def _tristate(value):
    return {"true": True, "false": False}.get(value)


class _StandardChoicesForm(Form):
    """A form whose listed fields take their choices from the unit's standard file (`field: fact`)."""

    standard_facts: dict[str, str] = {}

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field, fact in self.standard_facts.items():
            self.fields[field].choices = list(standard.items_of(fact).items()) if standard else []


class OfficeProfileForm(_StandardChoicesForm):
    standard_facts = {"rooms": "rooms", "identity": "identity", "separation": "separation"}

    floor_area = forms.DecimalField(label="办公及业务用房面积（m²）", required=False, max_digits=9, decimal_places=1)
    tenure = forms.ChoiceField(label="用房产权", choices=[("", "—")] + Tenure.choices, required=False)
    property_certificate = forms.TypedChoiceField(label="有土地证或产权确权证明", choices=YES_NO, required=False,
                                                  coerce=_tristate, empty_value=None)
    certificate_number = forms.CharField(label="证书编号", max_length=60, required=False)
    premises_independent = forms.TypedChoiceField(label="用房相对独立、集中", choices=YES_NO, required=False,
                                                  coerce=_tristate, empty_value=None)
    rooms = forms.MultipleChoiceField(label="已设功能室", required=False, widget=forms.CheckboxSelectMultiple)
    identity = forms.MultipleChoiceField(label="标识与形象识别", required=False, widget=forms.CheckboxSelectMultiple)
    separation = forms.MultipleChoiceField(label="与基层法律服务所“三分开”", required=False,
                                           widget=forms.CheckboxSelectMultiple)
    director = forms.ModelChoiceField(label="所长", queryset=None, required=False,
                                      help_text="从本所花名册（在岗人员）中选择；花名册上没有的，请先在工作人员花名册登记")
    director_rank = forms.ChoiceField(label="所长配备", choices=[("", "—")] + DirectorRank.choices, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, roster=None, typed_director: str = "", **kwargs):
        """`roster`: the office's serving staff the user may pick from (read through the scope by the view);
        `typed_director`: a name typed before the roster link, shown until an entry is picked."""
        super().__init__(*args, **kwargs)
        director = self.fields["director"]
        director.queryset = roster
        director.label_from_instance = lambda m: f"{m.full_name}（{m.get_staff_type_display()}）"
        if typed_director:
            director.help_text = f"原填写：{typed_director}（未关联花名册），请从花名册中选择。" + director.help_text


class EquipmentForm(_StandardChoicesForm):
    standard_facts = {"item": "equipment"}

    item = forms.ChoiceField(label="装备类别")
    name = forms.CharField(label="品名型号", max_length=100)
    asset_number = forms.CharField(label="资产编号", max_length=40, required=False)
    quantity = forms.IntegerField(label="数量", initial=1)
    acquired_on = forms.DateField(label="购置日期", required=False, widget=DATE)
    status = forms.ChoiceField(label="状态", choices=EquipmentStatus.choices)
    note = forms.CharField(label="备注", max_length=200, required=False)


class WorkstationProfileForm(_StandardChoicesForm):
    standard_facts = {"six_unified": "six_unified", "layout": "layout", "funding": "funding"}

    head_name = forms.CharField(label="工作室主任", max_length=50, required=False)
    head_position = forms.CharField(label="主任现任职务", max_length=60, required=False,
                                    help_text="如 村调委会主任、村（居）委会委员（SD-3）")
    status = forms.ChoiceField(label="建设状态", choices=BuildStatus.choices)
    deadline = forms.DateField(label="建成期限", required=False, widget=DATE,
                               help_text="不填则按标准对登记时状态规定的期限（SD-4）")
    built_on = forms.DateField(label="建成日期", required=False, widget=DATE)
    six_unified = forms.MultipleChoiceField(label="六统一", required=False, widget=forms.CheckboxSelectMultiple)
    layout = forms.MultipleChoiceField(label="“3111”功能设置", required=False, widget=forms.CheckboxSelectMultiple)
    funding = forms.MultipleChoiceField(label="经费保障渠道", required=False, widget=forms.CheckboxSelectMultiple)
    legal_adviser = forms.CharField(label="社区法律顾问", max_length=60, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ProgressForm(Form):
    status = forms.ChoiceField(label="进展", choices=ProgressStatus.choices)
    done_on = forms.DateField(label="完成日期", required=False, widget=DATE)
    note = forms.CharField(label="进展说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(Form):
    unit_code = forms.CharField(label="被检查单位代码", max_length=12, help_text="司法所9位或工作室12位代码")
    inspector_code = forms.CharField(label="检查单位代码", max_length=6, help_text="市级或县级司法局6位代码")
    inspectors = forms.CharField(label="检查人员", max_length=120)
    visited_on = forms.DateField(label="检查日期", widget=DATE)
    summary = forms.CharField(label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class FindingForm(Form):
    rule_id = forms.ChoiceField(label="检查项")
    result = forms.ChoiceField(label="结果", choices=FindingResult.choices)
    description = forms.CharField(label="发现的问题", max_length=300, required=False)

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_id"].choices = [(r.id, f"{r.id} {r.title}") for r in standard.rules if r.per_unit] \
            if standard else []


class PhotoForm(Form):
    image = forms.FileField(label="照片（JPG、PNG，不超过5 MB）")
    caption = forms.CharField(label="说明", max_length=120, required=False)


class FollowUpForm(Form):
    description = forms.CharField(label="整改事项", max_length=300)
    rule_id = forms.CharField(label="规则编号", max_length=20, required=False)
    responsible = forms.CharField(label="责任人", max_length=60, required=False)
    due_on = forms.DateField(label="整改期限", widget=DATE)


class CloseFollowUpForm(Form):
    closed_on = forms.DateField(label="销号日期", widget=DATE)
    closing_note = forms.CharField(label="整改结果", max_length=300)

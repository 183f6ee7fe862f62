"""The unit form: input is checked here for shape, and by services.validate_unit for the tree's rules."""

from __future__ import annotations

from django import forms

from sifasuo.core.scoping import EDIT, in_scope

from .choices import Level, UnitKind
from .models import OrgUnit


class DateInput(forms.DateInput):
    input_type = "date"


class OrgUnitForm(forms.Form):
    parent_code = forms.CharField(label="上级单位代码", max_length=12, required=False,
                                  help_text="省级单位留空")
    code = forms.CharField(label="单位代码", max_length=12,
                           help_text="所在行政区划代码：省市县6位，乡镇街道9位，村社区12位")
    name = forms.CharField(label="单位名称", max_length=100)
    division_name = forms.CharField(label="行政区划名称", max_length=100, required=False)
    level = forms.TypedChoiceField(label="层级", choices=Level.choices, coerce=int)
    kind = forms.ChoiceField(label="类型", choices=UnitKind.choices)
    opened_on = forms.DateField(label="设立日期", required=False, widget=DateInput)
    closed_on = forms.DateField(label="撤销日期", required=False, widget=DateInput)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    population = forms.IntegerField(label="服务人口", min_value=0, required=False,
                                    error_messages={"min_value": "服务人口不能为负数"})
    is_hub = forms.BooleanField(label="片区中心司法所", required=False)
    hub_code = forms.CharField(label="所属片区中心所代码", max_length=12, required=False)

    def __init__(self, *args, user, instance: OrgUnit | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "parent_code": instance.parent.code if instance.parent else "",
                "hub_code": instance.hub.code if instance.hub else "",
                **{f: getattr(instance, f) for f in (
                    "code", "name", "division_name", "level", "kind", "opened_on", "closed_on",
                    "address", "phone", "population", "is_hub")},
            }
        super().__init__(*args, **kwargs)

    def _unit_by_code(self, field: str, label: str) -> OrgUnit | None:
        code = (self.cleaned_data.get(field) or "").strip()
        if not code:
            return None
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(f"{label} {code} 不存在")
        if not in_scope(self.user, unit.path, EDIT):
            raise forms.ValidationError(f"{label} {code}（{unit.name}）不在您的管辖范围内")
        return unit

    def clean_parent_code(self):
        code = (self.cleaned_data.get("parent_code") or "").strip()
        if self.instance is not None and self.instance.parent is not None and code == self.instance.parent.code:
            # Editing a unit without moving it: its parent may lie above the user's scope (their own unit).
            self.cleaned_data["parent"] = self.instance.parent
            return code
        parent = self._unit_by_code("parent_code", "上级单位")
        if parent is None and not self.user.is_superuser:
            raise forms.ValidationError("请填写上级单位代码：只有系统管理员可以新建省级单位")
        self.cleaned_data["parent"] = parent
        return self.cleaned_data["parent_code"]

    def clean_hub_code(self):
        self.cleaned_data["hub"] = self._unit_by_code("hub_code", "片区中心所")
        return self.cleaned_data["hub_code"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"], "name": data["name"], "division_name": data["division_name"],
            "level": data["level"], "kind": data["kind"], "parent": data.get("parent"),
            "opened_on": data["opened_on"], "closed_on": data["closed_on"], "address": data["address"],
            "phone": data["phone"], "population": data["population"], "is_hub": data["is_hub"],
            "hub": data.get("hub"),
        }

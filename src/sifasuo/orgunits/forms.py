"""The unit form: input is checked here for shape, and by services.validate_unit for the tree's rules."""

from __future__ import annotations

from django import forms

from sifasuo.core.forms import Form
from sifasuo.core.scoping import EDIT, in_scope, not_found_message

from .choices import Level, UnitKind
from .models import OrgUnit


class DateInput(forms.DateInput):
    input_type = "date"


class OrgUnitForm(Form):
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
        if unit is None or not in_scope(self.user, unit.path, EDIT):
            raise forms.ValidationError(not_found_message(label, code))
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


# --- an address by division: province → city → county → township ------------------------------------------

REGION_LEVELS = (("province", "省"), ("city", "市"), ("county", "县（市、区）"), ("township", "乡镇（街道）"))


class RegionPickerWidget(forms.MultiWidget):
    """Four selects filled from the division data; the value is the deepest code chosen. The page script
    (static/sifasuo/forms.js) reloads the levels below a changed one; without it the server renders the
    choices of the value it has."""

    template_name = "orgunits/widgets/region_picker.html"  # app templates: found by the form renderer
    css_class = "form-select"  # core's with_class filter gives each select this class

    def __init__(self, attrs=None):
        super().__init__([forms.Select(attrs={"class": "form-select", "data-placeholder": f"选择{label}"})
                          for _level, label in REGION_LEVELS], attrs)

    def decompress(self, value):
        from .selectors import division_path

        path = division_path(value or "")
        codes = {d.level: d.code for d in path}
        return [codes.get(1, ""), codes.get(2, ""), codes.get(3, ""), codes.get(4, "")]

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        from .selectors import division_children

        values = value if isinstance(value, list) else self.decompress(value)
        province, city, county, _township = [*values, "", "", "", ""][:4]
        below_city = division_children(city) if city else []
        has_counties = bool(below_city) and below_city[0].level == 3
        options = [
            division_children(""),
            division_children(province) if province else [],
            below_city if has_counties else [],
            # a city without counties (东莞, 中山, 儋州) lists its townships directly
            division_children(county) if county else ([] if has_counties else below_city),
        ]
        for widget, (_level, label), choices in zip(self.widgets, REGION_LEVELS, options, strict=True):
            widget.choices = [("", f"选择{label}"), *((d.code, d.name) for d in choices)]
        context = super().get_context(name, values, attrs)
        context["widget"]["url"] = reverse("orgunits:divisions")
        return context

    def value_from_datadict(self, data, files, name):
        chosen = [value for value in super().value_from_datadict(data, files, name) if value]
        return chosen[-1] if chosen else ""


class RegionField(forms.CharField):
    """A division code chosen with RegionPickerWidget: a county (6 digits) or a township (9), known to the data
    and consistent (a township of the chosen county)."""

    widget = RegionPickerWidget

    def __init__(self, *, min_level: int = 3, **kwargs):
        self.min_level = min_level
        super().__init__(max_length=12, **kwargs)

    def clean(self, value):
        from .selectors import region_problem

        value = super().clean(value)
        problem = region_problem(value, min_level=self.min_level) if value else ""
        if problem:
            raise forms.ValidationError(problem)
        return value

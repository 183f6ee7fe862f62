import re

from django import forms

from sifasuo.core.forms import Form
from sifasuo.orgunits.choices import Level

from .choices import FieldSource, PeriodType, Severity
from .elements import elements as data_elements


class ReturnForm(Form):
    comment = forms.CharField(label="退回意见", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(Form):
    reason = forms.CharField(label="解锁理由", max_length=400, required=False)
    days = forms.IntegerField(label="解锁天数", min_value=1, max_value=30, initial=3)


# --- report templates ------------------------------------------------------------------------------------

LEVEL_CHOICES = [(Level.OFFICE, Level.OFFICE.label), (Level.COUNTY, Level.COUNTY.label), (Level.CITY, Level.CITY.label)]
OP_CHOICES = [("<=", "≤ 不大于"), (">=", "≥ 不小于"), ("<", "< 小于"), (">", "> 大于"), ("==", "= 等于")]


def compiled_elements() -> list[tuple[str, str]]:
    """The figures a compiled field may take: those compiled from the registers or the office itself."""
    return [(e.code, f"{e.name}（{e.unit}）") for e in data_elements() if e.kind != "report"]


BLANK_FIELD_ROWS = 3
BLANK_RULE_ROWS = 2


class TemplateForm(Form):
    """The scalar part of a report template; its fields and rules come as rows (see `template_rows`)."""

    code = forms.CharField(label="报表代码", max_length=40, required=False,
                           help_text="小写字母开头，字母、数字、下划线，如 office_monthly；建立后不能修改")
    name = forms.CharField(label="报表名称", max_length=100)
    period_type = forms.ChoiceField(label="报送周期", choices=PeriodType.choices)
    unit_level = forms.TypedChoiceField(label="填报层级", choices=LEVEL_CHOICES, coerce=int)
    deadline_day = forms.IntegerField(label="报送截止日（次月几日）", min_value=1, max_value=31,
                                      error_messages={"min_value": "报送截止日应在 1 至 31 日之间",
                                                      "max_value": "报送截止日应在 1 至 31 日之间",
                                                      "invalid": "报送截止日应填写 1 至 31 的整数"})
    move_to_working_day = forms.BooleanField(label="截止日遇节假日顺延至下一工作日", required=False)
    basis = forms.CharField(label="依据", max_length=100, required=False)
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, initial=10,
                               error_messages={"invalid": "排序应填写整数"})
    active = forms.BooleanField(label="启用", required=False, initial=True)


def template_rows(data) -> tuple[list[dict], list[dict], list[str]]:
    """(fields, rules, errors) from the rows of the template page: field_code / field_label / field_source /
    field_element / field_delete, and rule_left / rule_op / rule_right / rule_severity / rule_message /
    rule_delete. A row left entirely blank is skipped; a ticked 删除 removes it."""
    errors: list[str] = []
    fields: list[dict] = []
    elements = dict(compiled_elements())
    codes, labels, sources, picks = (data.getlist(k) for k in ("field_code", "field_label", "field_source",
                                                               "field_element"))
    deleted = set(data.getlist("field_delete"))
    seen: dict[str, int] = {}
    for i, (code, label, source, element) in enumerate(zip(codes, labels, sources, picks, strict=False), start=1):
        code, label = code.strip(), label.strip()
        if not code and not label:
            continue
        if str(i) in deleted:
            continue
        where = f"栏目第{i}行"
        if not code:
            errors.append(f"{where}：请填写栏目代码")
            continue
        if not label:
            errors.append(f"{where}（{code}）：请填写栏目名称")
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", code):
            errors.append(f"{where}：栏目代码“{code}”应以小写字母开头，由小写字母、数字和下划线组成")
            continue
        if code in seen:
            errors.append(f"{where}：栏目代码“{code}”与第{seen[code]}行重复")
            continue
        seen[code] = i
        if source == FieldSource.COMPILED:
            if element not in elements:
                errors.append(f"{where}（{label}）：自动汇总的栏目请选择数据项")
                continue
            fields.append({"code": code, "label": label, "source": source, "element": element})
        elif source == FieldSource.MANUAL:
            fields.append({"code": code, "label": label, "source": source, "element": code})
        else:
            errors.append(f"{where}（{label}）：来源应为自动汇总或手工填报")
    rules: list[dict] = []
    by_code = {f["code"]: f["label"] for f in fields}
    lefts, ops, rights, severities, texts = (data.getlist(k) for k in ("rule_left", "rule_op", "rule_right",
                                                                       "rule_severity", "rule_message"))
    deleted = set(data.getlist("rule_delete"))
    for i, (left, op, right, severity, text) in enumerate(zip(lefts, ops, rights, severities, texts, strict=False),
                                                          start=1):
        if not left and not right and not text.strip():
            continue
        if str(i) in deleted:
            continue
        where = f"审核规则第{i}行"
        if left not in by_code or right not in by_code:
            errors.append(f"{where}：请在左右两边各选择一个报表中的栏目")
            continue
        if op not in dict(OP_CHOICES):
            errors.append(f"{where}：比较符“{op}”无效")
            continue
        if severity not in Severity.values:
            errors.append(f"{where}：请选择阻止上报或提示")
            continue
        message = text.strip() or f"{by_code[left]}应{dict(OP_CHOICES)[op].split(' ')[1]}{by_code[right]}"
        rules.append({"left": left, "op": op, "right": right, "severity": severity, "message": message[:200]})
    return fields, rules, errors


def posted_rows(data) -> tuple[list[dict], list[dict]]:
    """The rows as typed (to show them again, unchanged, with the errors)."""
    names = ("code", "label", "source", "element")
    fields = [dict(zip(names, row, strict=False))
              for row in zip(*(data.getlist(f"field_{n}") for n in names), strict=False)]
    names = ("left", "op", "right", "severity", "message")
    rules = [dict(zip(names, row, strict=False))
             for row in zip(*(data.getlist(f"rule_{n}") for n in names), strict=False)]

    def blank(r):
        return not any(str(v).strip() for k, v in r.items() if k in ("code", "label", "left", "right", "message"))

    return [f for f in fields if not blank(f)], [r for r in rules if not blank(r)]

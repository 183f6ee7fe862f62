"""聘用合同 and 年度考核登记表 as Word (python-docx) and PDF (LibreOffice), from the records; the same building
blocks as recruitment/documents.py. The contract is signed by the person, so it shows the full ID number;
whoever downloads it has `personal.view_full_id` (checked by the view) and the view is logged."""

from __future__ import annotations

import datetime

from sifasuo.core.scoping import path_codes
from sifasuo.policy import personnel as engine
from sifasuo.recruitment.documents import (
    DocumentError,  # noqa: F401 (re-exported for the views)
    _bytes,
    _new_document,
    _paragraph,
    _signature,
    _table,
    _title,
    _zh_date,
    docx_to_pdf,
)

from .models import Assessment, Contract

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _county(unit):
    from sifasuo.orgunits.models import OrgUnit

    parts = path_codes(unit.path)
    code = parts[2] if len(parts) > 2 else unit.code
    return OrgUnit.objects.filter(code=code).first() or unit


def contract_docx(contract: Contract) -> bytes:
    staff = contract.staff
    county = _county(staff.unit)
    doc = _new_document(title=f"司法协理员聘用合同 {staff.full_name}", author=county.name)
    _title(doc, "司法协理员聘用合同")
    _paragraph(doc, f"甲方（聘用单位）：{county.name}", indent=False)
    _paragraph(doc, f"乙方（受聘人员）：{staff.full_name}　性别：{staff.get_sex_display()}　"
                    f"出生日期：{_zh_date(staff.birth_date)}", indent=False)
    _paragraph(doc, f"乙方身份证号码：{staff.id_number}", indent=False)
    _paragraph(doc, f"根据《中华人民共和国劳动合同法》及司法协理员制度试点的有关规定（政策：{contract.policy_id or '—'}），"
                    "甲乙双方经平等协商，订立本合同。")
    kind = "续订" if contract.renewal_of_id else "首次订立"
    rows = [
        ("合同类别", kind),
        ("合同期限", f"{_zh_date(contract.start)}起至{_zh_date(contract.end)}止"),
        ("试用期", f"至{_zh_date(contract.probation_end)}止" if contract.probation_end else "无"),
        ("工作单位", staff.unit.name),
        ("岗位职责类别", staff.get_duty_category_display() or "—"),
        ("层级", staff.get_assistant_level_display() or "—"),
        ("备注", contract.note or "—"),
    ]
    _table(doc, ["项目", "内容"], rows, [4, 11])
    _paragraph(doc, "乙方薪酬福利按所在县（区）司法协理员薪酬标准执行；社会保险、住房公积金、休假等待遇执行国家和省、市有关规定。"
                    "甲方负责乙方的考核奖惩，合同期满根据工作需要和考核结果确定是否续聘。")
    _paragraph(doc, "甲方（盖章）：　　　　　　　　　　乙方（签名）：", indent=False)
    _signature(doc, county.name, contract.start)
    return _bytes(doc)


def assessment_docx(assessment: Assessment) -> bytes:
    staff = assessment.staff
    county = _county(staff.unit)
    doc = _new_document(title=f"{assessment.year}年度考核登记表 {staff.full_name}", author=county.name)
    _title(doc, f"司法协理员{assessment.year}年度考核登记表")
    rows = [
        ("姓名", staff.full_name), ("性别", staff.get_sex_display()),
        ("出生日期", _zh_date(staff.birth_date)), ("工作单位", staff.unit.name),
        ("人员类别", staff.get_staff_type_display()), ("层级", staff.get_assistant_level_display() or "—"),
        ("学历", staff.get_education_display() or "—"), ("到岗日期", _zh_date(staff.joined_on)),
    ]
    _table(doc, ["项目", "内容"], rows, [4, 11])
    _paragraph(doc, "考核评分（德、能、勤、绩、廉）", indent=False, bold=True)
    scores = [(name, str(getattr(assessment, code))) for code, name in engine.DIMENSIONS.items()]
    scores.append(("总分", str(assessment.total)))
    _table(doc, ["项目", "得分"], scores, [4, 11])
    _paragraph(doc, f"考核等次：{assessment.get_grade_display()}", indent=False, bold=True)
    _paragraph(doc, f"考核意见：{assessment.comment or '—'}", indent=False)
    _paragraph(doc, "本人意见（签名）：　　　　　　　　司法所意见（签名）：", indent=False)
    _signature(doc, county.name, datetime.date(assessment.year + 1, 1, 15))
    return _bytes(doc)


RENDERERS = {"contract": contract_docx, "assessment": assessment_docx}


def render(kind: str, obj, fmt: str) -> bytes:
    content = RENDERERS[kind](obj)
    return docx_to_pdf(content) if fmt == "pdf" else content

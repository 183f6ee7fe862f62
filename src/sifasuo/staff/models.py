"""A person working in an office or workstation."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sifasuo.core.models import ChangeLoggedModel

from .choices import DutyCategory, Education, Sex, StaffType


class StaffMember(ChangeLoggedModel):
    scope_path = "unit__path"
    sensitive_fields = ("id_number",)

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="所在单位", on_delete=models.PROTECT,
                             related_name="staff")
    full_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    staff_type = models.CharField("人员类别", max_length=40, choices=StaffType.choices, db_index=True)
    duty_category = models.CharField("岗位职责类别", max_length=30, choices=DutyCategory.choices, blank=True)
    post = models.CharField("职务", max_length=50, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    major = models.CharField("专业", max_length=100, blank=True)
    passed_legal_exam = models.BooleanField("通过法律职业资格考试", default=False)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    joined_on = models.DateField("到岗日期")
    left_on = models.DateField("离岗日期", null=True, blank=True)
    exit_reason = models.CharField("离岗原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["unit__path", "full_name"]
        indexes = [models.Index(fields=["unit", "staff_type", "left_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                                   name="staff_left_after_joined"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("staff:detail", args=[self.pk])

    @property
    def is_serving(self) -> bool:
        return self.left_on is None


class Contract(ChangeLoggedModel):
    """An employment contract (聘用合同): its term and probation. Renewals are new rows."""

    scope_path = "staff__unit__path"

    staff = models.ForeignKey(StaffMember, verbose_name="工作人员", on_delete=models.CASCADE, related_name="contracts")
    start = models.DateField("合同开始日期")
    end = models.DateField("合同结束日期")
    probation_end = models.DateField("试用期截止日期", null=True, blank=True)
    policy_id = models.CharField("依据政策", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "聘用合同"
        verbose_name_plural = "聘用合同"
        ordering = ["staff", "-start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="contract_end_after_start")]

    def __str__(self) -> str:
        return f"{self.staff.full_name} {self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"

    def change_log_unit(self):
        return self.staff.unit

"""Stored alert items (D49): one row per rule, record and due date, refreshed by the one rule engine and worked
through by people (办结, 暂缓, 指派), every action change-logged and reversible."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sifasuo.core.dataversion import VersionedQuerySet
from sifasuo.core.models import ChangeLoggedModel, detail_page


class Status(models.TextChoices):
    OPEN = "open", "待处理"
    SNOOZED = "snoozed", "暂缓"
    DONE = "done", "已办结"
    RESOLVED = "resolved", "已自动关闭"     # the rule no longer finds it: the record was completed
    DISMISSED = "dismissed", "已清理"       # a historical item cleared by the county


ACTIVE = (Status.OPEN, Status.SNOOZED)


class AlertItem(ChangeLoggedModel):
    """A due or overdue item of one rule for one record (or unit and period) with one deadline."""

    scope_path = "unit_path"
    data_version = "alerts"   # summaries are cached under it (core.dataversion)
    get_absolute_url = detail_page("alerts:item")

    rule = models.CharField("规则", max_length=60)
    record = models.CharField("对象", max_length=200)
    due = models.DateField("期限")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="单位", on_delete=models.CASCADE,
                             related_name="alert_items")
    unit_path = models.CharField("单位路径", max_length=120)
    subject = models.CharField("事项", max_length=200)
    message = models.CharField("提醒", max_length=500)
    url = models.CharField("链接", max_length=300, blank=True)
    basis = models.CharField("依据", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    # Due before the county's 启用日期: not an alert, but on the county's "历史遗留" list.
    legacy = models.BooleanField("历史遗留", default=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_alerts")
    snoozed_until = models.DateField("暂缓至", null=True, blank=True)
    note = models.CharField("办理说明", max_length=500, blank=True)
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    acted_at = models.DateTimeField("处理时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    # Increased by every action: an action names the version it saw, so two people acting at once cannot
    # both win.
    version = models.PositiveIntegerField("版本", default=0)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒事项"
        verbose_name_plural = "提醒事项"
        ordering = ["due", "rule", "unit_path", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "record", "due"], name="alerts_item_rule_record_due")]
        indexes = [
            # The inbox (not historical): a status, a scope's range of paths, then the deadline and rule the list
            # is ordered and counted by, all in the index, so that a page's keys, its count and the summary per
            # rule are read from the index alone (a province's 160,000 items, D52).
            models.Index(fields=["status", "unit_path", "due", "rule"], condition=models.Q(legacy=False),
                         name="alerts_item_inbox"),
            # The historical list of a county.
            models.Index(fields=["unit_path", "due"], condition=models.Q(legacy=True), name="alerts_item_legacy"),
            # The refresh: a rule's items under a path; a rule's record (an item that moved with its record).
            models.Index(fields=["rule", "unit_path"], name="alerts_item_rule_path"),
            models.Index(fields=["assigned_to", "status"], name="alerts_item_assigned"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}（{self.due:%Y-%m-%d}）"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

"""Change log (who, when, what before and after, one request id per request) and its base model."""

from __future__ import annotations

import datetime
import decimal
import operator
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from .dataversion import VersionedQuerySet
from .scoping import ScopedQuerySet


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (bytes, memoryview)):
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def detail_page(url_name: str, key: str = "pk"):
    """A model's `get_absolute_url` when its page is the URL `url_name` taking one id: its own (`key` "pk"),
    or that of the record whose page shows it (`detail_page("correction:detail", "subject_id")` reads no row)."""

    def get_absolute_url(self) -> str:
        return reverse(url_name, args=[getattr(self, key)])

    return get_absolute_url


def page_of(path: str):
    """A model's `get_absolute_url` when it is shown on the page of the record `path` leads to (a party on its
    case's page: `page_of("case")`; a mark on its assessment's: `page_of("criterion.assessment")`)."""
    owner = operator.attrgetter(path)

    def get_absolute_url(self) -> str:
        return owner(self).get_absolute_url()

    return get_absolute_url


class ChangeLoggedModel(models.Model):
    """Base for business data: every create, update and delete is written to the change log.

    `sensitive_fields` are stored masked in the log (the log must not become a second copy of ID numbers).
    `change_log_unit()` names the unit a record belongs to, which scopes who can read its history.
    """

    sensitive_fields: tuple[str, ...] = ()
    change_log_exclude: tuple[str, ...] = ("created_at", "updated_at")

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values))
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        # A row re-read (under a lock, core/transitions.py) is what the next change log entry's "before" is.
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        loaded = getattr(self, "_loaded_values", {})
        deferred = self.get_deferred_fields()
        for field in self._meta.concrete_fields:
            if field.attname not in deferred and (fields is None or field.attname in fields or field.name in fields):
                loaded[field.attname] = getattr(self, field.attname)
        self._loaded_values = loaded

    def change_log_unit(self):
        """The OrgUnit this record belongs to: the one its `scope_path` leads to (`scheme__unit__path` is
        `self.scheme.unit`), else `self.unit`; override when neither names it."""
        scope_path = getattr(self, "scope_path", "") or ""
        if not scope_path.endswith("unit__path"):
            return getattr(self, "unit", None)
        owner = self
        for name in scope_path.split("__")[:-1]:
            owner = getattr(owner, name, None)
        return owner

    @classmethod
    def change_log_key_labels(cls, field_name: str) -> dict[str, str]:
        """Labels of the keys of a dict field, for reading the change log (a report's values by their
        names); none by default."""
        return {}

    def snapshot(self) -> dict:
        from .idnumbers import mask

        data = {}
        for field in self._meta.concrete_fields:
            if field.name in self.change_log_exclude:
                continue
            value = _json_value(getattr(self, field.attname))
            if field.name in self.sensitive_fields and value:
                value = mask(str(value))
            data[field.name] = value
        return data


class ChangeLogEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    scope_path = "unit_path"
    get_absolute_url = detail_page("core:changelog_detail")

    request_id = models.UUIDField("请求编号", db_index=True)
    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("操作人账号", max_length=150, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    source = models.CharField("来源", max_length=10, blank=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name="数据类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=200)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name="所属单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # The unit's path at the time of the change; the log is scoped by it (and stays readable after
    # the unit is closed or deleted).
    unit_path = models.CharField("单位路径", max_length=100, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        # The order of writing (ids grow with time): a scope's latest entries come from the unit_path index
        # alone, where ordering by time sorted a province's millions of entries (D52).
        ordering = ["-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class SensitiveAccess(models.Model):
    """A read of a full identifier (an ID number shown unmasked) or of a sensitive record: who, when, whose,
    where. A list read at once (an export, a print, an API page) is one entry with `count` and `query`."""

    scope_path = "unit_path"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    request_id = models.UUIDField("请求编号")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="查看人", null=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("查看人账号", max_length=150)
    content_type = models.ForeignKey(ContentType, verbose_name="数据类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    field = models.CharField("字段", max_length=50)
    unit_path = models.CharField("单位路径", max_length=120, db_index=True)
    count = models.PositiveIntegerField("条数", null=True, blank=True)
    query = models.CharField("筛选条件", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "敏感信息查看记录"
        verbose_name_plural = "敏感信息查看记录"
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.username} 查看 {self.object_repr} 的{self.field}"


class DataVersion(models.Model):
    """The current token of one kind of data (sifasuo.core.dataversion): replaced with every write to it."""

    name = models.CharField("数据", max_length=50, primary_key=True)
    token = models.CharField("版本", max_length=32)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self) -> str:
        return f"{self.name}@{self.token}"


class Job(models.Model):
    """A piece of long work run off the request by the task queue (core/jobs.py, D48): who started it, how far
    it got, the errors found so far and the file it produced. Only the account that started a job sees it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "未完成"

    scope_path = "unit_path"
    get_absolute_url = detail_page("core:job_detail")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务类型", max_length=150)
    title = models.CharField("任务", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # The starter's unit path (the scope of the job); empty for a job started by a command.
    unit_path = models.CharField("单位路径", max_length=120, blank=True, db_index=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField("参数", default=dict, blank=True)
    input_file = models.FileField("上传文件", upload_to="jobs/input/", blank=True, max_length=200)
    result_file = models.FileField("结果文件", upload_to="jobs/result/", blank=True, max_length=200)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    total = models.PositiveIntegerField("总数", null=True, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    error_count = models.PositiveIntegerField("问题数", default=0)
    errors = models.JSONField("问题", default=list, blank=True)
    message = models.TextField("结果说明", blank=True)
    next_url = models.CharField("完成后前往", max_length=300, blank=True)
    request_id = models.UUIDField("请求编号", null=True, blank=True)
    task_id = models.CharField("队列任务编号", max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"], name="core_job_user_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CalendarYear(ChangeLoggedModel):
    """One year of the national working-day calendar: the State Council's notice of that year's statutory
    holidays and adjusted working days (国务院办公厅关于…年部分节假日安排的通知). core.workdays reads it.

    Years the chinese-calendar package knows were seeded from it (migration core 0004); a province admin
    enters later ones. `unit` is the province of whoever entered the year, so its change log is readable
    by that province's administrators (the calendar itself is national and visible to everyone)."""

    class Source(models.TextChoices):
        PACKAGE = "package", "系统预置"  # seeded from the chinese-calendar package
        MANUAL = "manual", "人工录入"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice_title = models.CharField("通知标题", max_length=200)
    notice_issued_on = models.DateField("通知印发日期", null=True, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name="录入单位", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    data_version = "workcalendar"  # core.workdays keeps its cached calendar under this token
    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def get_absolute_url(self) -> str:
        return reverse("core:calendar") + f"?year={self.year}"


class CalendarDay(ChangeLoggedModel):
    """A day the notice names: a holiday (放假, not worked) or an adjusted working day (调休上班, a weekend day
    that is worked). Every other day is worked Monday to Friday."""

    calendar = models.ForeignKey(CalendarYear, verbose_name="节假日安排", on_delete=models.CASCADE,
                                 related_name="days")
    day = models.DateField("日期", unique=True)
    is_working = models.BooleanField("上班", help_text="否：放假；是：调休上班")
    name = models.CharField("节日", max_length=30)

    data_version = "workcalendar"
    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日安排日期"
        verbose_name_plural = "节假日安排日期"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}{'调休上班' if self.is_working else '放假'}"

    def change_log_unit(self):
        return self.calendar.unit

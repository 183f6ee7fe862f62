"""Units of the organisation tree, with their materialized path, and hub-office clusters."""

from __future__ import annotations

from django.db import models

from sifasuo.core.dataversion import VersionedQuerySet
from sifasuo.core.models import ChangeLoggedModel, detail_page
from sifasuo.core.scoping import path_codes

from .choices import Level, UnitKind


class OrgUnit(ChangeLoggedModel):
    """A justice department, bureau, office or workstation, placed where its division sits.

    `path` is the chain of codes from the province down, e.g. "/370000/370100/370102/370102001/": a
    unit's subtree is every row whose path starts with its own (see sifasuo.core.scoping).
    """

    scope_path = "path"
    data_version = "orgunits"   # cached list pages of the tree are keyed by it (core.dataversion)
    get_absolute_url = detail_page("orgunits:detail")

    code = models.CharField("单位代码", max_length=12, unique=True,
                            help_text="所在行政区划代码：省市县6位，乡镇街道9位，村社区12位")
    name = models.CharField("单位名称", max_length=100)
    division_name = models.CharField("行政区划名称", max_length=100, blank=True)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices, db_index=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("路径", max_length=120, unique=True)
    opened_on = models.DateField("设立日期", null=True, blank=True)
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    population = models.PositiveIntegerField("服务人口", null=True, blank=True)
    is_hub = models.BooleanField("片区中心司法所", default=False)
    hub = models.ForeignKey(
        "self", verbose_name="所属片区中心所", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cluster_members", limit_choices_to={"is_hub": True},
    )
    # 启用日期 of a county (D50): from this day the county and the units below it are managed in the system;
    # deadlines before it are not alerts but the county's "历史遗留" list. Empty: the day its unit was loaded.
    managed_from = models.DateField("启用日期", null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["level", "path"])]

    def __str__(self) -> str:
        return self.name

    def change_log_unit(self):
        return self

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and its ancestors, province first."""
        parts = path_codes(self.path)
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def ancestors(self) -> list["OrgUnit"]:
        """Ancestors, province first, in one query."""
        paths = self.ancestor_paths()[:-1]
        if not paths:
            return []
        return list(OrgUnit.objects.filter(path__in=paths).order_by("level"))

    def is_ancestor_of(self, other: "OrgUnit") -> bool:
        return other.path.startswith(self.path) and other.pk != self.pk

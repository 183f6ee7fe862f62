"""When a record changes, the rules that may find it are refreshed for its office (D49): right after the
writer's transaction commits, through the task queue (core.jobs.enqueue_on_commit: one waiting task per
path and rules). Bulk writes that send no signals name their rows through `core.changelog.bulk_logged`; the
nightly full refresh (`sifasuo periodic`) catches anything else (date-driven changes, raw SQL)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from sifasuo.core import jobs
from sifasuo.core.changelog import bulk_logged
from sifasuo.core.scoping import common_ancestor

from . import engine


def rules_depending_on(model) -> list[str]:
    label = model._meta.label_lower
    app = model._meta.app_label
    return sorted(code for code, rule in engine.rules().items()
                  if rule.app_label == app or label in rule.depends_on)


def _unit_of(instance):
    change_log_unit = getattr(instance, "change_log_unit", None)
    if change_log_unit is not None:
        return change_log_unit()
    return getattr(instance, "unit", None)


def record_changed(instance) -> None:
    from .models import AlertItem
    from .services import refresh_path_for
    from .tasks import refresh_path

    if isinstance(instance, AlertItem):
        return
    codes = rules_depending_on(type(instance))
    if not codes:
        return
    path = refresh_path_for(_unit_of(instance))
    if path:
        jobs.enqueue_on_commit(refresh_path, path, codes)


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changed(instance)


def _on_delete(sender, instance, **kwargs):
    record_changed(instance)


def _on_bulk(sender, instances, **kwargs):
    """Many rows at once (an import): one refresh per office they belong to."""
    from .services import refresh_path_for
    from .tasks import refresh_path

    codes = rules_depending_on(sender)
    if not codes:
        return
    paths = sorted({p for p in (refresh_path_for(_unit_of(obj)) for obj in instances) if p})
    if len(paths) > MAX_PATHS:   # rows of many offices (a county's or a city's import): their common ancestor
        paths = [common_ancestor(paths)]
    for path in paths:
        jobs.enqueue_on_commit(refresh_path, path, codes)


MAX_PATHS = 20


def _on_unit_save(sender, instance, raw=False, created=False, **kwargs):
    """A county was saved (its 启用日期 may have changed, on the unit page or through the API): re-mark its
    items (two UPDATEs of the county's items; counties are saved rarely)."""
    from sifasuo.orgunits.choices import Level

    from .services import apply_managed_from

    if not raw and not created and instance.level == Level.COUNTY:
        apply_managed_from(instance)


def connect() -> None:
    """Listen to the models the rules depend on (those of the rules' apps, and those named in depends_on), but
    not to tables derived from them (`derived = True`: the live aggregates, rewritten after each change; their
    deletes keep Django's fast path)."""
    from django.apps import apps

    rule_apps = {rule.app_label for rule in engine.rules().values()}
    named = {label for rule in engine.rules().values() for label in rule.depends_on}
    for model in apps.get_models():
        if getattr(model, "derived", False):
            continue   # figures computed from the records (the live aggregates): their writes are not changes
        if model._meta.app_label in rule_apps or model._meta.label_lower in named:
            uid = f"alerts.{model._meta.label_lower}"
            post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}.delete")
    bulk_logged.connect(_on_bulk, dispatch_uid="alerts.bulk")
    post_save.connect(_on_unit_save, sender=apps.get_model("orgunits", "OrgUnit"), dispatch_uid="alerts.unit")

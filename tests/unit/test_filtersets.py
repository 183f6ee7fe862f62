"""FilterSets are django-filter's own, unpatched (D70): instances share nothing, a narrowed filter stays put."""

import django_filters
import pytest
from django_filters import filterset

from sifasuo.orgunits.filters import OrgUnitFilterSet
from sifasuo.orgunits.models import OrgUnit


class _Narrowed(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=[("a", "甲"), ("b", "乙")], label="类型")

    class Meta:
        model = OrgUnit
        fields = ["kind"]

    def __init__(self, *args, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        if only:
            self.filters["kind"].extra["choices"] = [(only, only)]


def test_django_filter_is_used_as_published():
    for name in ("__init__", "get_form_class"):
        assert getattr(filterset.BaseFilterSet, name).__module__ == "django_filters.filterset", name


def test_instances_do_not_share_filters(db):
    first, second = OrgUnitFilterSet({"level": "4"}), OrgUnitFilterSet({"level": "9"})
    assert first.filters["level"] is not second.filters["level"]
    assert first.filters["level"].parent is first and second.filters["level"].parent is second
    assert first.form.fields["level"] is not second.form.fields["level"]
    assert first.is_valid() and not second.is_valid()
    assert "level" in second.errors


def test_a_filter_changed_for_one_instance_gets_its_own_form(db):
    plain = _Narrowed({"kind": "a"})
    assert plain.is_valid()
    narrowed = _Narrowed({"kind": "a"}, only="b")
    assert not narrowed.is_valid()
    assert [c[0] for c in narrowed.form.fields["kind"].choices] == ["", "b"]
    # The change did not leak into the class or the next instance.
    again = _Narrowed({"kind": "a"})
    assert again.is_valid()
    assert [c[0] for c in again.form.fields["kind"].choices] == ["", "a", "b"]


@pytest.mark.parametrize("data", [None, {}])
def test_unbound_and_empty(db, data):
    fs = OrgUnitFilterSet(data)
    assert fs.is_bound is (data is not None)
    assert fs.qs.model is OrgUnit


def test_the_chinese_filter_form_comes_through_the_public_hook(db):
    """core.filters.FilterSet speaks Chinese by overriding django-filter's public get_form_class() (issue 18),
    keeping nothing on the classes django-filter builds: each instance has its own form class, a filter
    narrowed for one instance reads in Chinese and leaks nowhere."""
    from sifasuo.core.filters import FilterForm, FilterSet

    class Narrowed(FilterSet):
        kind = django_filters.ChoiceFilter(choices=[("a", "甲"), ("b", "乙")], label="类型")
        hub = django_filters.BooleanFilter(field_name="is_hub", label="片区中心所")

        class Meta:
            model = OrgUnit
            fields = ["kind", "hub"]

        def __init__(self, *args, only=None, **kwargs):
            super().__init__(*args, **kwargs)
            if only:
                self.filters["kind"].extra["choices"] = [(only, only)]

    first, second = OrgUnitFilterSet(), OrgUnitFilterSet()
    assert issubclass(type(first.form), FilterForm) and type(first.form) is not type(second.form)
    narrowed = Narrowed({"kind": "a"}, only="b")
    assert narrowed.form.fields["kind"].choices == [("", "全部"), ("b", "b")]
    assert [label for _, label in narrowed.form.fields["hub"].widget.choices] == ["全部", "是", "否"]
    assert not narrowed.is_valid() and "类型" in str(narrowed.errors["kind"])
    again = Narrowed({"kind": "a"})
    assert again.is_valid() and [c[0] for c in again.form.fields["kind"].choices] == ["", "a", "b"]

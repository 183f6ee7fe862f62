import django_filters

from sifasuo.core.filters import FilterSet, IdFilter, YearFilter
from sifasuo.orgunits.models import OrgUnit

from .models import ManualScore, OfficeScore, ScoringItem, ScoringScheme


def _within(field):
    def method(queryset, name, value):
        unit = OrgUnit.objects.filter(code=value.strip()).only("path").first()
        return queryset.filter(**{f"{field}__under": unit.path}) if unit else queryset.none()
    return method


class SchemeFilterSet(FilterSet):
    year = YearFilter(label="年度")
    within = django_filters.CharFilter(method=_within("unit__path"), label="单位代码（含下级）")
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="方案名称")

    class Meta:
        model = ScoringScheme
        fields = ["year", "within", "q"]


class ItemFilterSet(FilterSet):
    scheme = IdFilter(label="考核方案")

    class Meta:
        model = ScoringItem
        fields = ["scheme", "method"]


class ManualScoreFilterSet(FilterSet):
    within = django_filters.CharFilter(method=_within("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = ManualScore
        fields = ["item", "within"]


class OfficeScoreFilterSet(FilterSet):
    within = django_filters.CharFilter(method=_within("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = OfficeScore
        fields = ["scheme", "within"]

import django_filters

from sifasuo.core.filters import FilterSet, IdFilter, YearFilter, within_method

from .models import ManualScore, OfficeScore, ScoringItem, ScoringScheme


class SchemeFilterSet(FilterSet):
    year = YearFilter(label="年度")
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")
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
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = ManualScore
        fields = ["item", "within"]


class OfficeScoreFilterSet(FilterSet):
    within = django_filters.CharFilter(method=within_method("unit__path"), label="单位代码（含下级）")

    class Meta:
        model = OfficeScore
        fields = ["scheme", "within"]

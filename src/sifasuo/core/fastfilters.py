"""Cheaper django-filter FilterSets per request (applied once at start-up by CoreConfig.ready).

django-filter deep-copies every filter of a FilterSet for each request, then builds a new form class
(one form field per filter, a metaclass run) and deep-copies those fields again into the form. On a list
page that is about a tenth of the request's time (docs/benchmarks.md, 剖析). Two changes, same behaviour:

- filters are copied shallowly (their `extra` dict copied, a cached form field dropped) instead of deeply;
  a filter holds configuration only, and django-filter itself never mutates anything deeper than `extra`;
- the form class is built once per FilterSet class and reused, unless one of its filters builds its field
  from the request (a ModelChoiceFilter with a callable queryset) or the FilterSet changed a filter for
  this instance (e.g. recruitment's ApplicationFilterSet narrows `post` to one announcement's posts):
  those keep django-filter's per-request form class.
  Each form instance still deep-copies the fields (Django's Form does), so no state is shared.
"""

from __future__ import annotations

import copy
from collections import OrderedDict

from django_filters import filterset
from django_filters.filters import FilterMethod, QuerySetRequestMixin

_original_get_form_class = filterset.BaseFilterSet.get_form_class


def _copy_filter(filter_):
    new = copy.copy(filter_)
    new.extra = dict(filter_.extra)
    new.__dict__.pop("_field", None)
    if isinstance(filter_.__dict__.get("filter"), FilterMethod):
        new.filter = FilterMethod(new)  # `method=` filters call back into their own FilterSet
    return new


def _init(self, data=None, queryset=None, *, request=None, prefix=None):
    if queryset is None:
        queryset = self._meta.model._default_manager.all()
    model = queryset.model
    self.is_bound = data is not None
    self.data = data or filterset.QueryDict()
    self.queryset = queryset
    self.request = request
    self.form_prefix = prefix
    self.filters = OrderedDict((name, _copy_filter(f)) for name, f in self.base_filters.items())
    for filter_ in self.filters.values():
        filter_.model = model
        filter_.parent = self


def _request_dependent(filters) -> bool:
    return any(isinstance(f, QuerySetRequestMixin) and callable(getattr(f, "queryset", None))
               for f in filters.values())


_PER_INSTANCE = {"parent", "model", "extra", "_label", "filter"}


def _pristine(self) -> bool:
    """Whether every filter is still configured exactly as the class declares it."""
    base = type(self).base_filters
    if self.filters.keys() != base.keys():
        return False
    for name, filter_ in self.filters.items():
        declared = base[name]
        if type(filter_) is not type(declared) or filter_.extra.keys() != declared.extra.keys():
            return False
        if any(filter_.extra[k] is not declared.extra[k] for k in filter_.extra):
            return False
        if isinstance(filter_.__dict__.get("filter"), FilterMethod) is not isinstance(
                declared.__dict__.get("filter"), FilterMethod):
            return False
        mine = {k: v for k, v in filter_.__dict__.items() if k not in _PER_INSTANCE and k != "_field"}
        theirs = {k: v for k, v in declared.__dict__.items() if k not in _PER_INSTANCE and k != "_field"}
        if mine.keys() != theirs.keys() or any(mine[k] is not theirs[k] for k in mine):
            return False
    return True


def _get_form_class(self):
    if _request_dependent(self.filters) or not _pristine(self):
        return _original_get_form_class(self)
    cls = type(self)
    cached = cls.__dict__.get("_sifasuo_form_class")
    if cached is not None:
        return cached
    form_class = _original_get_form_class(self)
    cls._sifasuo_form_class = form_class
    return form_class


def install() -> None:
    filterset.BaseFilterSet.__init__ = _init
    filterset.BaseFilterSet.get_form_class = _get_form_class

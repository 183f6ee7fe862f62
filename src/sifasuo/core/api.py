"""API building blocks: the scoped viewset base and Chinese error responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import listcache
from .scoping import not_found_message, restrict
from .idnumbers import mask
from .sensitive import log_bulk_read, log_read
from .transitions import StateConflict


def validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [m for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    """Django validation errors raised by services become 400 with their Chinese messages; a step refused
    because the record is no longer in the state it needs (someone acted first) becomes 409."""
    if isinstance(exc, DjangoValidationError):
        return Response(validation_detail(exc), status=409 if isinstance(exc, StateConflict) else 400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到该记录，或该记录不在您的管辖范围内。")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # keep a service's Chinese reason
    return drf_exception_handler(exc, context)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id, looked up only among the rows the requesting user may see: another county's
    record answers exactly as a missing one does, naming nothing (core.scoping.not_found_message)."""

    default_error_messages = {"does_not_exist": not_found_message("编号", "{pk_value}") + "。",
                              "incorrect_type": "应为记录编号（整数），收到的是 {data_type}。"}

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset is None or getattr(queryset.model, "scope_path", None) is None:
            return queryset
        request = self.context.get("request")
        return restrict(queryset, request.user) if request is not None else queryset.none()  # no user: nothing


class ScopedModelSerializer(serializers.ModelSerializer):
    """The base of every API serializer: the related fields DRF builds for foreign keys are scoped."""

    serializer_related_field = ScopedPrimaryKeyRelatedField


class ScopedViewSetMixin:
    """Every API queryset passes through the scoping function. A module's viewset names `rows`, its selector
    of the rows a user may see (`rows(user)`, scoped with core.scoping.restrict inside), so that the pages and
    the API read the same selectors; a viewset that sets `queryset` instead has it restricted here."""

    # Ids are database integers: anything else in the URL is "not found" (404) before it reaches a query
    # that would fail on it (a word, or a number past the 64-bit range).
    lookup_value_regex = r"[0-9]{1,18}"

    view_capability = "records.view"
    edit_capability = "records.edit"
    # As ScopedListView (D27): a DataVersion name covering every table the list reads; the list action's
    # data is then cached per scope, role, address and query until that data changes.
    cache_data_version = ""
    # Sensitive records: every page of the list is logged as one sensitive read (count and filter).
    sensitive_reads = False

    rows = None

    def get_queryset(self):
        if self.rows is not None:
            return type(self).rows(self.request.user)
        return restrict(super().get_queryset(), self.request.user)

    def list(self, request, *args, **kwargs):
        if self.sensitive_reads:
            response = super().list(request, *args, **kwargs)
            if response.status_code == 200:
                rows = response.data.get("results", []) if isinstance(response.data, dict) else response.data
                log_bulk_read(model=self.get_queryset().model, user=request.user, count=len(rows),
                              query=request.GET, how="api")
            return response
        if not self.cache_data_version:
            return super().list(request, *args, **kwargs)
        key = listcache.key_for(request, self, self.cache_data_version)
        data = listcache.cache().get(key)
        if data is not None:
            return Response(data)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            listcache.cache().set(key, response.data)
        return response


class ScopeBeforeMethodMixin:
    """A row outside the user's scope does not exist for them: 404 comes before 405 on an action route."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        if kwargs.get("pk") is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


class CreateThroughServiceMixin:
    """POST makes the row with `create_service(actor=user, **validated_data)`, the function the page calls, so
    the API refuses what the page refuses, with the same messages."""

    create_service = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(actor=self.request.user, **serializer.validated_data)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class StepViewSet(CreateThroughServiceMixin, ScopedModelViewSet):
    """A register whose records are opened by `create_service` and change only through its steps (报到, 核查,
    衔接 …: POST to an action running the service), never by PUT or DELETE (D83). A module sets
    view_capability and edit_capability."""

    http_method_names = ["get", "post", "head", "options"]

    def _step(self, serializer_class, fn, *, renamed: dict | None = None, **fixed):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = {(renamed or {}).get(name, name): value for name, value in data.validated_data.items()}
        fn(actor=self.request.user, **fixed, **values)
        obj = self.get_object()
        return Response(self.get_serializer(obj).data)

    def _require(self, capability: str):
        if not self.request.user.can(capability):
            raise exceptions.PermissionDenied("您的角色不能办理这一步。")


def step(name: str, serializer_class, service, record: str, *, doc: str, renamed: dict | None = None,
         capability: str = "", url_path: str | None = None):
    """A step of a StepViewSet, `POST …/<id>/<url_path or name>/`, assigned to the viewset as `name`: the record
    (looked up in the user's scope) goes to `service` as the argument `record`, the serializer's fields as
    the rest (`renamed` maps a field to the service's name for it, e.g. {"on": "reported_on"}). A step that
    `capability` names is refused to a user without it, besides the viewset's edit capability."""

    def run(self, request, pk=None):
        obj = self.get_object()
        if capability:
            self._require(capability)
        return self._step(serializer_class, service, renamed=renamed, **{record: obj})

    return post_action(name, run, request=serializer_class, url_path=url_path, doc=doc)


def post_action(name: str, run, *, request, responses=None, url_path: str | None = None, doc: str = ""):
    """`run(self, request, pk)` as the viewset's action `name`, `POST …/<id>/<url_path or name>/`, documented
    with its request (and response) shape; assign it to the viewset as `name`."""
    run.__name__ = name   # DRF routes the action by its function's name
    run.__doc__ = doc or run.__doc__
    schema = {"request": request} if responses is None else {"request": request, "responses": responses}
    return extend_schema(**schema)(action(detail=True, methods=["post"], url_path=url_path)(run))


def record_viewset(base: type[StepViewSet], model, serializer, service, doc: str, *, parent: str,
                   ordering: tuple[str, ...] = ("-id",), edit_capability: str = ""):
    """The viewset of a register's dependent records (a subject's check-ins, a person's assistance records):
    listed by `parent` (its id), each created by `service(actor, **fields)`, never changed over the API."""

    class RecordViewSet(base):
        __doc__ = doc
        queryset = model.objects.select_related(f"{parent}__unit").order_by(*ordering)
        serializer_class = serializer
        filterset_fields = [parent]
        create_service = staticmethod(service)

    if edit_capability:
        RecordViewSet.edit_capability = edit_capability
    RecordViewSet.__name__ = RecordViewSet.__qualname__ = f"{model.__name__}ViewSet"
    return RecordViewSet


class LoggedRetrieveMixin:
    """Retrieving one sensitive record is logged (core.sensitive.log_read)."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        log_read(obj, request.user)
        return Response(self.get_serializer(obj).data)


class MaskedIdMixin(serializers.Serializer):
    """An ID number written in full and read back masked."""

    id_number = serializers.CharField(write_only=True, help_text="身份证号码（18位）")
    id_number_masked = serializers.SerializerMethodField(help_text="身份证号码（隐去中间）")

    def get_id_number_masked(self, obj) -> str:
        return mask(obj.id_number)

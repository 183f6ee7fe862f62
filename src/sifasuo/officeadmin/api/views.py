"""REST endpoints of office administration: budgets (read), spending and inspections hosted (read, create
through the services), plans and summaries filed (read; files are uploaded in the page)."""

from __future__ import annotations

from sifasuo.core.api import CreateThroughServiceMixin, ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filters import BudgetFilterSet, DocumentFilterSet, ExpenseFilterSet, HostingFilterSet
from . import serializers as s


class BudgetViewSet(ScopedReadOnlyViewSet):
    """基本业务经费预算（县级司法局在页面核定）。"""

    rows = staticmethod(selectors.budget_register)
    serializer_class = s.BudgetSerializer
    filterset_class = BudgetFilterSet
    view_capability = "officeadmin.view"


class _ReadCreateViewSet(CreateThroughServiceMixin, ScopedModelViewSet):
    """Read, and create through the service; a record is never changed or deleted here."""

    view_capability = "officeadmin.view"
    http_method_names = ["get", "post", "head", "options"]


class ExpenseViewSet(_ReadCreateViewSet):
    """经费支出：POST 登记一笔支出（须有票据号码，不得超出预算）。"""

    rows = staticmethod(selectors.expense_register)
    serializer_class = s.ExpenseSerializer
    filterset_class = ExpenseFilterSet
    edit_capability = "officeadmin.edit"
    create_service = staticmethod(services.record_expense)


class HostingViewSet(_ReadCreateViewSet):
    """迎检：县级司法局登记追加预算、结算和加分。"""

    rows = staticmethod(selectors.hosting_register)
    serializer_class = s.HostingSerializer
    filterset_class = HostingFilterSet
    edit_capability = "officeadmin.budget"
    create_service = staticmethod(services.record_hosting)


class DocumentViewSet(ScopedReadOnlyViewSet):
    """计划总结（在页面上传文件）。"""

    rows = staticmethod(selectors.document_register)
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilterSet
    view_capability = "officeadmin.view"

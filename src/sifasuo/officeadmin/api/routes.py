"""REST routes of office administration, registered on the /api/ router by sifasuo/urls.py."""

from .views import BudgetViewSet, DocumentViewSet, ExpenseViewSet, HostingViewSet

ROUTES: list[tuple[str, type, str]] = [
    ("office-budgets", BudgetViewSet, "officebudget"),
    ("office-expenses", ExpenseViewSet, "officeexpense"),
    ("office-inspections-hosted", HostingViewSet, "officehosting"),
    ("office-work-documents", DocumentViewSet, "officeworkdocument"),
]

"""REST routes of the staff module: (prefix, viewset, basename)."""

from .views import StaffMemberViewSet

ROUTES = [
    ("staff", StaffMemberViewSet, "staff"),
]

"""REST routes of this module, registered on the /api/ router by sifasuo/urls.py: (prefix, viewset, basename)."""

ROUTES: list[tuple[str, type, str]] = []

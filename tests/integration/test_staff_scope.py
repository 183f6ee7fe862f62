"""The scope walk of test_scope_walk.py over the staff module's routes only (pages and API), so the staff
module's own scoping is proved even while another module's routes are being built."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.integration.test_scope_walk import PROBES, assert_no_leak, routes, view_model, walkers  # noqa: F401
from tests.scope_registry import ROUTE_ARGUMENTS, build_foreign_rows


def test_staff_routes_show_nothing_of_the_other_county(tree, accounts, walkers):  # noqa: F811
    foreign = build_foreign_rows(tree, accounts)
    foreign_ids = {model: {o.pk for o in objs} for model, objs in foreign.items()}
    mine = [(n, u, p) for n, u, p in routes() if n.startswith("staff") or n.startswith("api-staff")
            or "staff-" in n]
    assert len(mine) > 30
    details = 0
    for role, person in walkers.items():
        client = Client()
        client.force_login(person)
        for name, url, pattern in mine:
            if url is not None:
                for probe in PROBES + ["?export=xlsx", "?export=roster", "?county=370103", "?year=2024&unit=370103"]:
                    response = client.get(url + probe)
                    assert response.status_code in (200, 403), f"{role} {name}{probe}: {response.status_code}"
                    if response.status_code == 200:
                        assert_no_leak(response, foreign_ids, f"{role} {name}{probe}")
                continue
            kwargs = set(pattern.pattern.regex.groupindex)
            if "format" in kwargs:
                continue
            model = view_model(pattern)
            assert model is not None, name
            for obj in foreign[model]:
                extra = {k: ROUTE_ARGUMENTS[k] for k in kwargs if k in ROUTE_ARGUMENTS}
                response = client.get(reverse(name, kwargs={"pk": obj.pk, **extra}))
                assert response.status_code in (403, 404), f"{role} {name} 外县记录 {obj.pk}: {response.status_code}"
                details += 1
    assert details > 20

"""The scope walk of tests/integration/test_scope_walk.py, on this module's pages and API only, so a
leak here is reported even while another module's route fails the full walk first."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.integration.test_scope_walk import (  # noqa: F401 (walkers is a fixture)
    PROBES,
    ROUTE_ARGUMENTS,
    assert_no_leak,
    build_foreign_rows,
    routes,
    view_model,
    walkers,
)


def _ours(name: str) -> bool:
    return name.startswith("standards:") or name.startswith("standards-")


def test_standards_routes_never_show_the_other_county(tree, accounts, walkers):  # noqa: F811
    foreign = build_foreign_rows(tree, accounts)
    foreign_ids = {model: {o.pk for o in objs} for model, objs in foreign.items()}
    lists = details = 0
    for role, person in walkers.items():
        client = Client()
        client.force_login(person)
        for name, url, pattern in routes():
            if not _ours(name):
                continue
            where = f"{role} {name}"
            if url is not None:
                for probe in PROBES + ["?export=xlsx"]:
                    response = client.get(url + probe)
                    assert response.status_code in (200, 403), f"{where}{probe}: HTTP {response.status_code}"
                    if response.status_code == 200:
                        assert_no_leak(response, foreign_ids, where + probe)
                        lists += 1
                continue
            kwargs = set(pattern.pattern.regex.groupindex)
            if "format" in kwargs:
                continue
            model = view_model(pattern)
            assert model is not None, f"{name}: 视图没有声明 model"
            for obj in foreign[model]:
                extra = {k: ROUTE_ARGUMENTS[k] for k in kwargs if k in ROUTE_ARGUMENTS}
                response = client.get(reverse(name, kwargs={"pk": obj.pk, **extra}))
                assert response.status_code in (403, 404), f"{where} 外县记录 {obj.pk}: HTTP {response.status_code}"
                details += 1
    assert lists > 40 and details > 40

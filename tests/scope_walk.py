"""The scope walk, once for every test that uses it: walks named URLs as users of one county and proves no
row of another county shows. List pages, API list endpoints, their Excel exports and filters that name the
other county are requested; detail routes are requested with the other county's primary keys and must answer
403/404. `walk()` does it; tests/integration/test_scope_walk.py walks every route, module tests walk theirs.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.factories import FOREIGN_MARKER
from tests.scope_registry import ROUTE_ARGUMENTS

# Routes that show no business rows (authentication, API description; actions that only take a POST and
# start a job, whose page the walk reaches through core:job_detail).
NON_DATA = {
    "accounts:login", "accounts:logout", "accounts:password_change",
    "api-token", "api-schema", "api-docs", "api-root",
    "reporting:compile",
}
# Query strings that try to reach the other county through filters.
PROBES = ["", "?within=370103", "?parent_code=370103", "?code_prefix=370103", "?unit=370103",
          "?q=市中区", "?search=大观园", "?username=other", "?page_size=500"]
WALKERS = ["county_clerk", "county_admin", "office_director", "leader_of_county", "hr_reviewer", "applicant",
           "hub_director"]


def named_patterns(patterns=None, namespace=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from named_patterns(p.url_patterns, ns or None)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def view_model(pattern: URLPattern):
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    if model is None and getattr(view_class, "serializer_class", None) is not None:
        model = getattr(getattr(view_class.serializer_class, "Meta", None), "model", None)   # a viewset with `rows`
    return model


def routes():
    """(name, url or None, pattern) for every named route, list routes first."""
    out = []
    for name, pattern in named_patterns():
        if name in NON_DATA or name.endswith("-root"):
            continue
        try:
            out.append((name, reverse(name), pattern))
        except NoReverseMatch:
            out.append((name, None, pattern))
    return out


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def assert_no_leak(response, foreign_ids: dict, where: str):
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        wb = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                assert not any(FOREIGN_MARKER in str(c) for c in row if c is not None), f"{where}: Excel 中出现外县数据 {row}"
        return
    body = response.content.decode("utf-8", errors="replace")
    assert FOREIGN_MARKER not in body, f"{where}: 页面中出现外县数据"
    if "json" in content_type:
        data = json.loads(body)
        results = data.get("results", data) if isinstance(data, dict) else data
        assert not any(FOREIGN_MARKER in s for s in _strings(results)), f"{where}: 接口返回外县数据"
    context = getattr(response, "context", None)
    if context is not None and "object_list" in context:
        objects = list(context["object_list"])
        if objects:
            model = type(objects[0])
            leaked = {o.pk for o in objects} & foreign_ids.get(model, set())
            assert not leaked, f"{where}: 列表包含外县记录 {leaked}"


@pytest.fixture
def walkers(accounts, tree):
    """The accounts of one county that walk the routes (a fixture: tests/conftest.py registers this module)."""
    from sifasuo.accounts.roles import Role
    from sifasuo.orgunits import services as unit_services
    from tests.factories import user

    people = dict(accounts)
    people["leader_of_county"] = user("county_leader", Role.LEADER, tree["county"])
    # HZ-1: the director of a hub office reads its cluster too (千佛山街道 leads 解放路街道); the other
    # county's rows must stay out of their scope as well
    hub = unit_services.update_unit(unit=tree["office2"], is_hub=True)
    unit_services.update_unit(unit=tree["office"], hub=hub)
    people["hub_director"] = user("hub_director", Role.OFFICE_DIRECTOR, hub)
    return {name: people[name] for name in WALKERS}


def walk(walkers: dict, foreign: dict, *, only=None, probes=()) -> tuple[int, int]:
    """Requests every list route (with PROBES, an Excel export and `probes`) and every detail route with
    each foreign row's key, as each walker; asserts nothing foreign shows and foreign keys answer 403/404.
    `only(name)` limits the walk to some routes. Returns (lists answered, foreign details refused)."""
    foreign_ids = {model: {o.pk for o in objs} for model, objs in foreign.items()}
    walked_lists = walked_details = 0
    chosen = [(n, u, p) for n, u, p in routes() if only is None or only(n)]
    for role, person in walkers.items():
        client = Client()
        client.force_login(person)
        for name, url, pattern in chosen:
            where = f"{role} {name}"
            if url is not None:
                for probe in [*PROBES, "?export=xlsx", *probes]:
                    response = client.get(url + probe)
                    assert response.status_code in (200, 403), f"{where}{probe}: HTTP {response.status_code}"
                    if response.status_code == 200:
                        assert_no_leak(response, foreign_ids, where + probe)
                        walked_lists += 1
                continue
            kwargs = set(pattern.pattern.regex.groupindex)
            assert kwargs <= {"pk", "format", *ROUTE_ARGUMENTS}, \
                f"{name}: 扫描无法构造参数 {kwargs}，请在 ROUTE_ARGUMENTS 中补充"
            model = view_model(pattern)
            assert model is not None, f"{name}: 无法确定该路由对应的模型（请在视图上声明 model）"
            if "format" in kwargs:
                continue  # DRF's format-suffix twins of the routes walked above
            for obj in foreign[model]:
                extra = {k: ROUTE_ARGUMENTS[k] for k in kwargs if k in ROUTE_ARGUMENTS}
                target = reverse(name, kwargs={"pk": obj.pk, **extra})
                response = client.get(target)
                if response.status_code == 405:
                    # An action that only takes POST (an API step such as "declare"): posting to the other
                    # county's record must be refused as well, before anything is read or written.
                    response = client.post(target, {}, content_type="application/json")
                assert response.status_code in (403, 404), f"{where} 外县记录 {obj.pk}: HTTP {response.status_code}"
                walked_details += 1
    return walked_lists, walked_details

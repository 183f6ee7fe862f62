"""The page frame: the side menu written by a template and cached per role, the menu each role gets, and the
search box (people, cases, subjects and units of the scope; a full ID number is a logged sensitive read)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from sifasuo.core.models import SensitiveAccess
from sifasuo.core.navigation import menu_version
from tests import factories
from tests.conftest import client_for
from tests.scope_builders.casework import ID_FEMALE, case

pytestmark = pytest.mark.django_db


def menu_key(user) -> str:
    return make_template_fragment_key("sidemenu", [menu_version(), user.role, user.is_superuser])


def test_side_menu_is_a_template_cached_per_role(accounts):
    fragments = caches["fragments"]
    fragments.clear()
    clerk = accounts["county_clerk"]
    assert fragments.get(menu_key(clerk)) is None
    page = client_for(clerk).get("/").content.decode()
    cached = fragments.get(menu_key(clerk))
    assert cached is not None and "员额与招聘计划" in cached and "登记调解案件" in cached
    assert cached in page
    # Another clerk's page is served from the same fragment; another role gets its own.
    other_clerk = factories.user("x_clerk2", "county_clerk", accounts["county_clerk"].unit)
    assert cached in client_for(other_clerk).get("/").content.decode()
    leader_page = client_for(accounts["leader"]).get("/").content.decode()
    leader_menu = fragments.get(menu_key(accounts["leader"]))
    assert leader_menu is not None and leader_menu != cached and leader_menu in leader_page
    assert "登记调解案件" not in leader_menu            # a leader reads only
    # The user line is not part of the cached fragment: each page names its own user.
    assert other_clerk.username in client_for(other_clerk).get("/").content.decode()


def test_menu_groups_modules_and_keeps_swagger_from_applicants(accounts):
    clerk_page = client_for(accounts["county_clerk"]).get("/").content.decode()
    menu = clerk_page[clerk_page.index('data-testid="side-menu"'):clerk_page.index("</nav>")]
    for group in ("组织机构", "工作人员", "人民调解", "统计报表"):
        assert f">{group}</button>" in menu
    assert "接口文档" in menu
    applicant_page = client_for(accounts["applicant"]).get("/").content.decode()
    applicant_menu = applicant_page[applicant_page.index('data-testid="side-menu"'):applicant_page.index("</nav>")]
    assert "接口文档" not in applicant_menu and "/api/docs/" not in applicant_page
    assert "我的报名" in applicant_menu and "在线报名" in applicant_menu
    # An applicant has no unit: no search box either.
    assert 'action="/search/"' not in applicant_page
    assert 'action="/search/"' in clerk_page


def test_search_finds_people_cases_and_units_of_the_scope_only(tree, accounts):
    factories.staff_member(tree["office"], full_name="欧阳明")
    factories.staff_member(tree["other_office"], full_name="欧阳亮")
    ours = case(tree["office"], applicant="司马光", title="欧阳家宅基地纠纷")
    case(tree["other_office"], applicant="司马懿", title="外县纠纷")
    client = client_for(accounts["county_clerk"])

    page = client.get("/search/", {"q": "欧阳"})
    assert page.status_code == 200
    groups = {g.source.label: [h.title for h in g.hits] for g in page.context["groups"]}
    assert groups["工作人员"] == ["欧阳明"]
    assert groups["调解案件"] == [str(ours)]
    body = page.content.decode()
    assert "欧阳亮" not in body and factories.FOREIGN_MARKER not in body

    by_party = client.get("/search/", {"q": "司马"}).context["groups"]
    assert [[h.title for h in g.hits] for g in by_party] == [[str(ours)]]
    by_number = client.get("/search/", {"q": ours.number}).context["groups"]
    assert [h.url for g in by_number for h in g.hits] == [ours.get_absolute_url()]
    units = client.get("/search/", {"q": "370102001"}).context["groups"]
    assert [(g.source.label, [h.title for h in g.hits]) for g in units] == [
        ("单位", ["解放路街道司法所", "燕子山社区司法行政工作室"])]
    assert client.get("/search/", {"q": "370103"}).context["groups"] == []     # the other county
    assert "没有找到" in client.get("/search/", {"q": "370103"}).content.decode()
    assert client.get("/search/", {"q": "欧"}).context["too_short"]


def test_search_by_full_id_number_is_logged_and_shows_it_masked(tree, accounts):
    member = factories.staff_member(tree["office"], full_name="公孙策")
    foreign = factories.staff_member(tree["other_office"], full_name="外县公孙")
    ours = case(tree["office"])
    ours.parties.filter(role="applicant").update(id_number=ID_FEMALE)
    client = client_for(accounts["county_clerk"])
    assert SensitiveAccess.objects.count() == 0

    page = client.get("/search/", {"q": member.id_number})
    hits = [h for g in page.context["groups"] for h in g.hits]
    assert [h.title for h in hits] == ["公孙策"]
    body = page.content.decode()
    results = body[body.index('data-testid="search-group"'):]     # below the search box, which echoes the query
    assert member.id_number not in results and member.id_number[-4:] in results      # masked
    assert "计入敏感信息查看记录" in body
    logged = list(SensitiveAccess.objects.values_list("username", "object_id", "field"))
    assert logged == [("x_clerk", str(member.pk), "身份证号码（按号码检索）")]

    # Someone else's number finds nothing and logs nothing; a name search logs nothing.
    assert client.get("/search/", {"q": foreign.id_number}).context["groups"] == []
    client.get("/search/", {"q": "公孙"})
    assert SensitiveAccess.objects.count() == 1
    # A party of a case, by ID number.
    party_hits = client.get("/search/", {"q": ID_FEMALE}).context["groups"]
    assert [g.source.label for g in party_hits] == ["调解当事人"]
    assert SensitiveAccess.objects.count() == 2


def test_search_is_for_staff_roles_only(accounts):
    assert client_for(accounts["applicant"]).get("/search/", {"q": "张三"}).status_code == 403
    assert client_for(accounts["hr_reviewer"]).get("/search/", {"q": "历下"}).status_code == 200

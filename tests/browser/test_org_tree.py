"""In a real browser: logging in, the organisation tree within one's scope, creating a unit, a phone screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sifasuo.orgunits.models import OrgUnit

from .helpers import assert_no_foreign_units, log_in

pytestmark = pytest.mark.browser

TREE_SCREENSHOT = "/tmp/tree.png"
LOGIN_ERROR = "账号或密码错误，请重新输入。"


def breadcrumb_items(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("breadcrumb").locator("li").all_inner_texts()]


def test_county_clerk_sees_own_tree_and_nothing_of_the_other_county(page, live_server, tree, accounts):
    clerk = accounts["county_clerk"]
    log_in(page, clerk.username)

    # Home page: greeting and the clerk's own unit, in the top bar and in the page.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_have_text("工作台")
    expect(page.get_by_test_id("wb-greeting")).to_contain_text(f"{clerk.display_name}，您好")
    expect(page.get_by_test_id("current-user")).to_contain_text("县级业务人员 · 历下区司法局")
    expect(page.locator("main")).to_contain_text("历下区司法局（370102）")
    # Bootstrap is loaded from /static/vendor/: the top bar is laid out (flex), the phone menu button hidden.
    assert page.get_by_test_id("topbar").evaluate("el => getComputedStyle(el).display") == "flex"
    expect(page.get_by_role("button", name="展开菜单")).to_be_hidden()
    assert_no_foreign_units(page)

    # The tree starts at the clerk's unit; its offices load at once (htmx, on load).
    # The side menu groups each module's pages.
    page.locator("#mainnav").get_by_role("button", name="组织机构").click()
    page.locator("#mainnav").get_by_role("link", name="机构树").click()
    expect(page).to_have_url(f"{live_server.url}/org/tree/")
    expect(page.locator("main h1")).to_have_text("机构树")
    org_tree = page.get_by_test_id("tree")
    expect(org_tree.get_by_role("link", name="历下区司法局", exact=True)).to_be_visible()
    office = org_tree.locator("li[data-code='370102001']")
    expect(office.get_by_role("link", name="解放路街道司法所")).to_be_visible()
    expect(org_tree.get_by_role("link", name="千佛山街道司法所")).to_be_visible()
    expect(office).to_contain_text("370102001 · 下级 1")
    expect(org_tree).not_to_contain_text("燕子山社区司法行政工作室")

    # Expanding the office loads its workstation (htmx, on click of the toggle).
    expect(office.get_by_role("button", name="展开解放路街道司法所")).to_have_text("▸")
    office.get_by_role("button", name="展开解放路街道司法所").click()
    workstation = office.get_by_role("link", name="燕子山社区司法行政工作室")
    expect(workstation).to_be_visible()
    expect(office.get_by_role("button", name="收起解放路街道司法所")).to_have_attribute("aria-expanded", "true")
    expect(org_tree.locator("li")).to_have_count(4)  # county, two offices, one workstation
    # A second click folds the branch away, a third shows it again without another request.
    office.get_by_role("button", name="收起解放路街道司法所").click()
    expect(workstation).to_be_hidden()
    office.get_by_role("button", name="展开解放路街道司法所").click()
    expect(workstation).to_be_visible()
    assert_no_foreign_units(page)
    page.screenshot(path=TREE_SCREENSHOT, full_page=True)

    # The other county's branch cannot be fetched or opened either.
    response = page.request.get(f"/org/tree/{tree['other_county'].pk}/")
    assert response.status == 404
    assert "外县" not in response.text()

    # Unit detail page, opened from the tree: the breadcrumb runs from the clerk's unit down, no higher.
    office.get_by_role("link", name="燕子山社区司法行政工作室").click()
    expect(page).to_have_url(f"{live_server.url}/org/{tree['workstation'].pk}/")
    expect(page.get_by_test_id("unit-name")).to_have_text("燕子山社区司法行政工作室")
    assert breadcrumb_items(page) == ["历下区司法局", "解放路街道司法所", "燕子山社区司法行政工作室"]
    expect(page.get_by_test_id("breadcrumb").locator("li.active")).to_have_text("燕子山社区司法行政工作室")
    assert_no_foreign_units(page)

    page.get_by_test_id("breadcrumb").get_by_role("link", name="解放路街道司法所").click()
    expect(page).to_have_url(f"{live_server.url}/org/{tree['office'].pk}/")
    expect(page.get_by_test_id("unit-name")).to_have_text("解放路街道司法所")
    assert breadcrumb_items(page) == ["历下区司法局", "解放路街道司法所"]
    expect(page.get_by_test_id("children-table")).to_contain_text("燕子山社区司法行政工作室")
    assert_no_foreign_units(page)

    # Typing the address of a unit of the other county gives the not-found page, not the unit.
    response = page.goto(f"/org/{tree['other_office'].pk}/")
    assert response.status == 404
    expect(page.get_by_test_id("unit-name")).to_have_count(0)
    assert_no_foreign_units(page)


def test_wrong_password_is_refused_and_five_failures_lock_the_account(page, live_server, accounts, settings):
    settings.AXES_FAILURE_LIMIT = 5
    clerk = accounts["county_clerk"]
    errors = page.get_by_test_id("form-errors")

    for attempt in range(1, 5):
        log_in(page, clerk.username, f"Wrong@pass{attempt}")
        expect(page).to_have_url(f"{live_server.url}/accounts/login/")
        expect(errors).to_have_text(LOGIN_ERROR)  # not yet the lockout message
        expect(page.locator("#id_username")).to_have_value(clerk.username)
        expect(page.locator("#id_password")).to_have_value("")

    # The fifth failure locks the account from this address; the sixth attempt, with the right password,
    # is refused.
    log_in(page, clerk.username, "Wrong@pass5")
    expect(errors).to_contain_text("登录失败次数过多，该账号在您所在的地址已被暂时锁定")
    log_in(page, clerk.username)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(errors).to_contain_text("登录失败次数过多，该账号在您所在的地址已被暂时锁定")
    expect(errors).not_to_contain_text("账号或密码错误")
    expect(page.get_by_test_id("current-user")).to_have_count(0)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))

    # Another account is not affected.
    log_in(page, accounts["county_admin"].username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("current-user")).to_contain_text("历下区司法局")


def test_county_admin_creates_office_and_wrong_code_is_explained(page, live_server, tree, accounts):
    log_in(page, accounts["county_admin"].username)
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto(f"/org/new/?parent={tree['county'].pk}")
    expect(page.locator("main h1")).to_have_text("新建单位")
    expect(page.locator("#id_parent_code")).to_have_value("370102")
    expect(page.locator("#id_level")).to_have_value("4")
    page.locator("#id_code").fill("370103009")  # a code of the other county
    page.locator("#id_name").fill("新华街道司法所")
    page.locator("#id_kind").select_option(label="街道")
    page.get_by_role("button", name="保存").click()

    # The form comes back with the error right under the code field, the input kept.
    expect(page.locator("main h1")).to_have_text("新建单位")
    code_field = page.locator("#id_code")
    code_group = page.locator("form .mb-3").filter(has=code_field)
    expect(code_group.get_by_test_id("field-error")).to_contain_text("不属于上级单位「历下区司法局」")
    expect(code_group.get_by_test_id("field-error")).to_contain_text("前6位应为370102")
    expect(page.get_by_test_id("field-error")).to_have_count(1)
    expect(code_field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(code_field).to_have_value("370103009")
    expect(page.locator("#id_name")).to_have_value("新华街道司法所")
    assert not OrgUnit.objects.filter(code="370103009").exists()
    assert_no_foreign_units(page)

    code_field.fill("370102009")
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/org/\d+/$"))
    created = OrgUnit.objects.get(code="370102009")
    assert created.parent == tree["county"]
    assert created.path == "/370000/370100/370102/370102009/"
    expect(page).to_have_url(f"{live_server.url}/org/{created.pk}/")
    expect(page.get_by_test_id("unit-name")).to_have_text("新华街道司法所")
    expect(page.get_by_role("alert")).to_have_text("已新建「新华街道司法所」")
    assert breadcrumb_items(page) == ["历下区司法局", "新华街道司法所"]
    expect(page.locator("main")).to_contain_text("司法所 / 街道")


def test_phone_width_menu_opens(new_page, live_server, accounts):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    log_in(page, accounts["county_clerk"].username)
    expect(page).to_have_url(f"{live_server.url}/")

    toggler = page.get_by_role("button", name="展开菜单")
    menu = page.locator("#mainnav")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    expect(menu.get_by_role("link", name="机构树")).to_be_hidden()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    toggler.tap()
    expect(menu).to_be_visible()
    expect(menu.get_by_test_id("current-user-menu")).to_contain_text("历下区司法局")
    menu.get_by_role("button", name="组织机构").tap()
    menu.get_by_role("link", name="机构树").tap()
    expect(page).to_have_url(f"{live_server.url}/org/tree/")
    expect(page.get_by_test_id("tree").get_by_role("link", name="解放路街道司法所")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

"""Form pages render their form with one partial (templates/includes/edit_form.html, issue 17): the fields,
保存, and the way back each page had — to the record, to the list, or to the browser's previous page."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.urls import reverse

from sifasuo.casework.models import MediationCommittee
from tests.conftest import client_for
from tests.scope_builders.correction import subject

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sifasuo" / "templates"
BACK = re.compile(r'<button class="btn btn-primary" type="submit">保存</button>\s*'
                  r'<a class="btn btn-link" href="([^"]*)"( data-back)?>([^<]+)</a>\s*</form>')


def _form(client, url: str) -> tuple[str, str, bool, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    back = BACK.search(html)
    assert back, url
    form = html[html.rindex('<form method="post"', 0, back.start()):]
    return form[:form.index(">")], back.group(1), bool(back.group(2)), back.group(3)


def test_no_form_page_writes_out_the_fields_save_and_back_again():
    written = re.compile(r'\{% include "includes/form_fields.html" %\}\s*'
                         r'<button class="btn btn-primary" type="submit">保存</button>\s*<a class="btn btn-link"')
    pages = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if written.search(p.read_text()))
    # staff's two pages set their own width and test id on the form; the rest share the partial
    assert pages == ["includes/edit_form.html", "staff/member_form.html", "staff/record_form.html"]


def test_an_orgunit_form_goes_back_to_the_unit_or_to_the_list(tree, accounts):
    client = client_for(accounts["province_admin"])
    office = tree["office"]
    assert _form(client, reverse("orgunits:edit", args=[office.pk]))[1:] == (
        reverse("orgunits:detail", args=[office.pk]), False, "取消")
    assert _form(client, reverse("orgunits:create"))[1:] == (reverse("orgunits:list"), False, "取消")


def test_a_register_form_goes_back_to_the_record_or_to_the_register(tree, accounts):
    client = client_for(accounts["county_clerk"])
    assert _form(client, reverse("casework:committees_create"))[1:] == (
        reverse("casework:committees_list"), False, "取消")
    today = datetime.date.today()
    committee = MediationCommittee.objects.create(unit=tree["office"], name="解放路街道人民调解委员会",
                                                  term_start=today, term_end=today.replace(year=today.year + 5))
    assert _form(client, reverse("casework:committees_edit", args=[committee.pk]))[1:] == (
        committee.get_absolute_url(), False, "取消")


def test_an_account_form_and_an_action_say_fanhui_for_back(tree, accounts):
    admin = client_for(accounts["province_admin"])
    assert _form(admin, reverse("accounts:user_create"))[1:] == (reverse("accounts:user_list"), False, "返回")
    s = subject(tree["office"], "FORM-1")
    clerk = client_for(accounts["county_clerk"])
    assert _form(clerk, reverse("correction:declare", args=[s.pk]))[1:] == (s.get_absolute_url(), False, "返回")


def test_other_forms_go_back_to_the_previous_page_and_upload_only_where_files_are_sent(tree, accounts):
    clerk = client_for(accounts["county_clerk"])
    opening, back, data_back, label = _form(clerk, reverse("correction:create"))
    assert (back, data_back, label) == ("#", True, "取消") and "enctype" not in opening
    opening, back, data_back, label = _form(clerk, reverse("officeadmin:document_create"))
    assert (back, data_back, label) == ("#", True, "取消") and 'enctype="multipart/form-data"' in opening


def test_list_pages_and_the_alert_inbox_share_one_table(tree, accounts):
    tables = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                    if '{% include "includes/table_rows.html"' in p.read_text())
    assert tables == ["includes/object_table.html"]
    subject(tree["office"], "LIST-1", full_name="列表某")
    clerk = client_for(accounts["county_clerk"])
    for url in (reverse("correction:list"), reverse("alerts:inbox")):
        html = clerk.get(url).content.decode()
        assert 'data-testid="object-table"' in html and 'data-testid="result-count"' in html, url
    assert "列表某" in clerk.get(reverse("correction:list")).content.decode()

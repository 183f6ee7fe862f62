"""The county's "new scheme" and "new annual assessment" pages (one shared form template): each shows its own
heading, fields and way back, and a wrong year is refused in Chinese with what was typed kept."""

from __future__ import annotations

from django.urls import reverse

from sifasuo.indicators.models import AnnualAssessment, ScoringScheme
from tests.conftest import client_for


def test_new_scheme_page_shows_its_fields_and_refuses_a_wrong_year(tree, accounts):
    client = client_for(accounts["county_clerk"])
    page = client.get(reverse("indicators:scheme_create")).content.decode()
    assert '<h1 class="h4">新建考核方案</h1>' in page
    assert "方案名称" in page and 'placeholder="如 2025年司法所工作考核"' in page
    assert 'name="fund_total"' in page and 'name="no_data_rule"' in page and 'name="commend_count"' not in page
    assert f'href="{reverse("indicators:schemes")}"' in page

    response = client.post(reverse("indicators:scheme_create"), {"year": "二〇二五", "name": "试行方案"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "年度应填写四位数字，如 2025" in page and 'value="试行方案"' in page
    assert not ScoringScheme.objects.exists()


def test_new_annual_page_shows_its_fields_and_refuses_a_wrong_year(tree, accounts):
    client = client_for(accounts["county_clerk"])
    page = client.get(reverse("indicators:annual_create")).content.decode()
    assert '<h1 class="h4">新建年度考核</h1>' in page
    assert "考核名称" in page and "留空为“××司法局××年度司法所工作考核”" in page
    assert 'name="commend_count"' in page and 'name="fund_total"' not in page
    assert f'href="{reverse("indicators:annual_list")}"' in page

    response = client.post(reverse("indicators:annual_create"), {"year": "abc", "name": "年度考核",
                                                                  "commend_count": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "年度应填写四位数字，如 2025" in page and 'value="年度考核"' in page and 'value="4"' in page
    assert not AnnualAssessment.objects.exists()

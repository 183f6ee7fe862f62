"""A record's page is declared once per model (core.models.detail_page / page_of, issue 17), and the records
shown on another record's page link there: a correction subject's check-ins and leaves, a released person's
reviews, an annual assessment's marks."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.urls import reverse

from sifasuo.correction import services
from sifasuo.correction.models import CheckIn, Leave
from sifasuo.indicators.models import AnnualAssessment, AssessmentCriterion, AssessmentMark
from sifasuo.resettlement import services as resettlement
from sifasuo.resettlement.models import RiskReview
from tests.scope_builders.correction import subject

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
HAND_WRITTEN = re.compile(
    r"def get_absolute_url\(self\)[^\n]*\n\s+return (reverse\(\"[^\"]+\", args=\[self\.\w+\]\)|self\.[\w.]+\.get_absolute_url\(\))\n")


def test_no_model_writes_out_a_page_that_detail_page_or_page_of_gives():
    written = [str(path.relative_to(SRC)) for path in SRC.glob("*/models.py")
               if HAND_WRITTEN.search(path.read_text(encoding="utf-8"))]
    assert written == []


def test_every_sifasuo_model_with_a_page_gives_a_path():
    # detail_page names a URL taking the record's own id: each must reverse with a number.
    for model in apps.get_models():
        if model.__module__.startswith("sifasuo.") and hasattr(model, "get_absolute_url"):
            page = model.get_absolute_url
            if page.__qualname__.startswith("detail_page."):
                instance = model(pk=7) if model._meta.pk.get_internal_type() != "UUIDField" else model()
                for field in model._meta.concrete_fields:
                    if field.is_relation:
                        setattr(instance, field.attname, 7)
                assert instance.get_absolute_url().startswith("/"), model


def test_a_subjects_records_link_to_the_subject_without_reading_it(tree, accounts, django_assert_num_queries):
    clerk = accounts["county_clerk"]
    today = datetime.date.today()
    s = subject(tree["office"], "PAGE-1", end_on=today + datetime.timedelta(days=300))
    services.record_check_in(actor=clerk, subject=s, method="phone", on=today)
    services.apply_leave(actor=clerk, subject=s, kind="leave", applied_on=today, start_on=today, end_on=today,
                         destination="济南", reason="探亲")
    check_in, leave = CheckIn.objects.get(subject=s), Leave.objects.get(subject=s)
    with django_assert_num_queries(0):
        assert check_in.get_absolute_url() == reverse("correction:detail", args=[s.pk])
        assert leave.get_absolute_url() == reverse("correction:detail", args=[s.pk])
    assert s.get_absolute_url() == reverse("correction:detail", args=[s.pk])


def test_a_released_persons_review_links_to_the_person(tree, accounts):
    clerk = accounts["county_clerk"]
    person = services.hand_over_to_resettlement(actor=clerk, subject=_ended(tree, clerk), on=datetime.date.today())
    resettlement.review_risk(actor=clerk, person=person, reviewed_on=datetime.date.today(), tier="low")
    review = RiskReview.objects.filter(person=person).first()   # the hand-over records the first review too
    assert review.get_absolute_url() == reverse("resettlement:detail", args=[person.pk])


def test_an_assessment_mark_links_to_its_assessment_through_the_criterion(tree):
    assessment = AnnualAssessment.objects.create(unit=tree["county"], year=datetime.date.today().year, name="年度考核")
    criterion = AssessmentCriterion.objects.create(assessment=assessment, name="年度目标完成情况",
                                                   max_points=Decimal(40))
    mark = AssessmentMark.objects.create(criterion=criterion, unit=tree["office"], points=Decimal(35))
    assert mark.get_absolute_url() == reverse("indicators:annual_detail", args=[assessment.pk])
    assert criterion.get_absolute_url() == assessment.get_absolute_url()


def _ended(tree, clerk):
    s = subject(tree["office"], "PAGE-2", end_on=datetime.date.today() - datetime.timedelta(days=2))
    services.end_correction(actor=clerk, subject=s, ended_on=s.end_on, reason="expired")
    return s

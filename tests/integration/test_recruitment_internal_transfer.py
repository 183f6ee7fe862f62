"""The internal track hires for real (DQ-4 转任 in Daqing, YQ-3 选聘 in Yangquan): an existing auxiliary picked
from the roster is screened (in Yangquan with the 德能勤绩廉 assessment, YQ-3.8), ranked, noticed and hired;
the auxiliary's record ends the day before the contract starts and a 司法协理员 record follows it in the post's
office, so the person keeps one history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifasuo.accounts.roles import Role
from sifasuo.core.models import ChangeLogEntry
from sifasuo.orgunits.choices import Level
from sifasuo.recruitment import services
from sifasuo.recruitment.choices import ApplicationStatus
from sifasuo.recruitment.models import Application
from sifasuo.recruitment.policies import policy_for
from sifasuo.staff import services as staff_services
from sifasuo.staff.models import LevelRecord, StaffMember
from tests import factories
from tests.conftest import client_for
from tests.recruitment_fixtures import announce

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def yangquan(db):
    """城区 of Yangquan (policy yangquan-2024): two offices, establishment posts, one auxiliary with history."""
    u = factories.unit
    t = {"province": u("140000", "山西省司法厅", Level.PROVINCE)}
    t["city"] = u("140300", "阳泉市司法局", Level.CITY, t["province"])
    t["county"] = u("140302", "城区司法局", Level.COUNTY, t["city"])
    t["office_a"] = u("140302001", "上站街道司法所", Level.OFFICE, t["county"], population=50000)
    t["office_b"] = u("140302002", "下站街道司法所", Level.OFFICE, t["county"], population=40000)
    for i, office in enumerate([t["office_a"], t["office_a"], t["office_b"]]):
        factories.staff_member(office, full_name=f"编制{i}", staff_type="political_legal_establishment")
    t["auxiliary"] = factories.staff_member(t["office_a"], full_name="韩选聘", sex="M", birth_date=D(1990, 6, 1),
                                            education="bachelor", major="法学", joined_on=D(2018, 3, 1))
    t["clerk"] = factories.user("cq_clerk", Role.COUNTY_CLERK, t["county"])
    factories.user("yq_city", Role.CITY_ADMIN, t["city"])
    return t


def history(staff: StaffMember) -> None:
    """A training, an assessment and a reward of the auxiliary, before the transfer."""
    staff_services.record_training(actor=None, staff=staff, kind="business", organizer="county",
                                   title="人民调解业务培训", start_on=D(2023, 5, 8), days=3)
    staff_services.record_assessment(actor=None, staff=staff, year=2023,
                                     scores={"virtue": 18, "ability": 18, "diligence": 17, "performance": 18,
                                             "integrity": 19})
    staff_services.record_reward(actor=None, staff=staff, kind="reward", title="嘉奖", on=D(2023, 12, 1),
                                 reason="调解矛盾纠纷成绩突出")


def declarations(policy, track) -> dict:
    return {code: False for code, *_ in services.declaration_items(policy, track)}


def run_to_notice(application, notice_start):
    """Scores, ranking and notice of an internal recruitment (no interview, no checks on this track)."""
    services.record_scores(application=application, written="82")
    announcement = application.announcement
    assert services.shortlist_for_interview(announcement=announcement) == {"shortlisted": 0, "eliminated": 0}
    services.rank_final(announcement=announcement)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANDIDATE
    return services.start_notice(announcement=announcement, start=notice_start)


def assert_converted(auxiliary, member, *, office, contract_start, exit_kind, label):
    auxiliary.refresh_from_db()
    assert auxiliary.left_on == contract_start - datetime.timedelta(days=1)
    assert (auxiliary.exit_kind, auxiliary.get_exit_kind_display()) == (exit_kind, label)
    assert (member.unit, member.staff_type, member.previous_record) == (office, "judicial_assistant", auxiliary)
    assert member.joined_on == contract_start and member.id_number == auxiliary.id_number
    serving = StaffMember.objects.filter(id_number=auxiliary.id_number, left_on__isnull=True)
    assert list(serving) == [member]  # one serving record: the roster does not count the person twice
    # both steps are in the change log: the auxiliary record ended, the assistant's created after it
    ended = ChangeLogEntry.objects.get(content_type__model="staffmember", object_id=str(auxiliary.pk),
                                       action="update", after__exit_kind=exit_kind)
    created = ChangeLogEntry.objects.get(content_type__model="staffmember", object_id=str(member.pk), action="create")
    assert ended.after["left_on"] == auxiliary.left_on.isoformat()
    assert created.after["previous_record"] == auxiliary.pk and ended.pk < created.pk


def test_daqing_internal_transfer_hires_an_auxiliary_from_the_roster(daqing):  # noqa: F811
    county, clerk = daqing["county"], daqing["people"]["county_clerk"]
    auxiliary = StaffMember.objects.get(full_name="甲4")  # a full-time auxiliary of 萨尔图街道司法所, born 1984
    history(auxiliary)
    ann = announce(county, [(daqing["office_b"], "internal", 1)], title="萨尔图区2024年专职辅助人员转任公告")
    post = ann.posts.get()
    policy = policy_for(county)
    application = services.submit_application(
        post=post, data={"education": "junior_college", "declarations": declarations(policy, "internal")},
        staff=auxiliary, entered_by=clerk)
    # taken from the roster record, nothing retyped
    assert (application.full_name, application.id_number, application.birth_date, application.sex) == (
        auxiliary.full_name, auxiliary.id_number, auxiliary.birth_date, auxiliary.sex)
    assert application.staff_source == auxiliary and application.is_existing_auxiliary
    assert application.auxiliary_region == auxiliary.unit.code
    services.screen_announcement(announcement=ann)
    application.refresh_from_db()
    assert application.eligible, application.auto_reasons
    run_to_notice(application, D(2024, 8, 20))  # Tuesday: 20, 21, 22, 23, 26 August
    application.refresh_from_db()
    assert application.notice_end == D(2024, 8, 26)
    member = services.hire(application=application, contract_start=D(2024, 9, 2), today=D(2024, 8, 28),
                           actor=clerk)
    assert_converted(auxiliary, member, office=daqing["office_b"], contract_start=D(2024, 9, 2),
                     exit_kind="transfer", label="转任")
    # DQ-9: the assistant's level (the policy's entry level, 四级) from the contract's first day
    level = LevelRecord.objects.get(staff=member)
    assert (level.level, level.effective_on, member.assistant_level) == (4, D(2024, 9, 2), 4)
    # the person's history stays one chain, visible from the new record
    page = client_for(clerk).get(f"/staff/{member.pk}/").content.decode()
    assert "人员记录沿革" in page and "转任" in page and f"/staff/{auxiliary.pk}/" in page
    assert "人民调解业务培训" in page and "嘉奖" in page and "2023" in page and "转任前" in page
    # the API finds the person's records by ID number: exactly one serving, as 司法协理员
    rows = client_for(clerk).get(f"/api/staff/?id_number={auxiliary.id_number}").json()["results"]
    assert sorted((r["staff_type"], r["left_on"]) for r in rows) == [
        ("full_time_auxiliary", "2024-09-01"), ("judicial_assistant", None)]


def test_an_internal_application_typed_in_is_matched_to_the_roster_and_converted(daqing):  # noqa: F811
    """Entered by ID number (the API's way, or a paper form) the application finds the auxiliary's record."""
    auxiliary = StaffMember.objects.get(full_name="甲4")
    ann = announce(daqing["county"], [(daqing["office_a"], "internal", 1)])
    application = services.submit_application(post=ann.posts.get(), data={
        "full_name": auxiliary.full_name, "id_number": auxiliary.id_number, "education": "junior_college",
        "is_existing_auxiliary": True}, entered_by=daqing["people"]["county_clerk"])
    assert application.staff_source == auxiliary and application.auxiliary_region == auxiliary.unit.code
    services.screen_announcement(announcement=ann)
    application.refresh_from_db()
    # a paper form without the declarations: the reviewer verifies them (not a failure)
    assert application.eligible
    assert any(r["passed"] is None and "须审查人员核实" in r["message"] for r in application.auto_reasons)
    run_to_notice(application, D(2024, 8, 20))
    application.refresh_from_db()
    StaffMember.objects.filter(pk=auxiliary.pk).update(joined_on=D(2024, 9, 5))  # a record entered wrongly
    with pytest.raises(ValidationError, match="早于原专职辅助人员到岗日期 2024-09-05"):
        services.hire(application=application, contract_start=D(2024, 9, 2), today=D(2024, 8, 28))
    assert StaffMember.objects.filter(id_number=auxiliary.id_number).count() == 1  # nothing written
    StaffMember.objects.filter(pk=auxiliary.pk).update(joined_on=D(2020, 1, 1))
    member = services.hire(application=application, contract_start=D(2024, 9, 2), today=D(2024, 8, 28))
    assert_converted(auxiliary, member, office=daqing["office_a"], contract_start=D(2024, 9, 2),
                     exit_kind="transfer", label="转任")


def test_the_roster_picker_fills_the_application(daqing, clerk):  # noqa: F811
    auxiliary = StaffMember.objects.get(full_name="甲4")
    ann = announce(daqing["county"], [(daqing["office_a"], "internal", 1)])
    url = f"/recruitment/announcements/{ann.pk}/applications/new/"
    page = clerk.get(url).content.decode()
    assert "从花名册选择现有专职辅助人员" in page and "甲4（萨尔图街道司法所，专职辅助人员" in page
    assert auxiliary.id_number not in page  # the choice shows the number masked
    assert "甲0" not in page  # establishment staff are not auxiliaries
    policy = policy_for(daqing["county"])
    answers = {f"decl_{code}": "no" for code in declarations(policy, "internal")}
    response = clerk.post(url, {"post": ann.posts.get().pk, "staff": auxiliary.pk, "education": "junior_college",
                                **answers})
    assert response.status_code == 302, response.content.decode()[-2000:]
    application = Application.objects.get()
    assert (application.full_name, application.id_number, application.staff_source) == (
        auxiliary.full_name, auxiliary.id_number, auxiliary)
    # an auxiliary of another county is not offered, and posting its id is refused without naming it
    other = factories.staff_member(daqing["other_county"].children.first() or factories.unit(
        "230603001", "外县街道司法所", Level.OFFICE, daqing["other_county"]), full_name="外县辅助人员")
    response = clerk.post(url, {"post": ann.posts.get().pk, "staff": other.pk, **answers})
    assert response.status_code == 400 and "外县辅助人员" not in response.content.decode()
    assert Application.objects.count() == 1


def test_yangquan_selection_needs_the_assessment_and_hires(yangquan):
    county, clerk, auxiliary = yangquan["county"], yangquan["clerk"], yangquan["auxiliary"]
    history(auxiliary)
    ann = announce(county, [(yangquan["office_a"], "internal", 1)], title="城区2024年司法协理员选聘公告",
                   announced_on=D(2024, 3, 20))
    assert ann.policy_id == "yangquan-2024"
    policy = policy_for(county)
    application = services.submit_application(
        post=ann.posts.get(), data={"declarations": declarations(policy, "internal")}, staff=auxiliary,
        entered_by=clerk)
    services.screen_announcement(announcement=ann)
    application.refresh_from_db()
    # YQ-3.8 (ineligible_when: failed, missing): without the assessment the applicant is not eligible
    failed = [r["message"] for r in application.auto_reasons if r["passed"] is False]
    assert application.status == ApplicationStatus.INELIGIBLE and failed == [
        "YQ-3.8：尚未登记考核结论（经考核（德、能、勤、绩、廉）合格；考核不合格或未经考核的不得选聘。）"]
    with pytest.raises(ValidationError) as caught:
        services.record_assessment(application=application, result="passed", on=D(2024, 3, 1), by=" ")
    assert "早于招聘公告日期" in str(caught.value) and "请填写考核组织" in str(caught.value)
    services.record_assessment(application=application, result="failed", on=D(2024, 4, 2), by="城区司法局考核组")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE
    assert any(r["message"] == "YQ-3.8：考核结论为不合格，不得选聘为司法协理员" for r in application.auto_reasons)
    services.record_assessment(application=application, result="passed", on=D(2024, 4, 3), by="城区司法局考核组")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE
    # the review page shows the assessment: result, date, who assessed
    page = client_for(clerk).get(f"/recruitment/applications/{application.pk}/").content.decode()
    assert "德能勤绩廉考核" in page and "合格（2024-04-03，城区司法局考核组）" in page
    run_to_notice(application, D(2024, 4, 15))  # Monday: 15–19 April
    application.refresh_from_db()
    member = services.hire(application=application, contract_start=D(2024, 5, 6), today=D(2024, 4, 22),
                           actor=clerk)
    assert_converted(auxiliary, member, office=yangquan["office_a"], contract_start=D(2024, 5, 6),
                     exit_kind="selection", label="选聘")
    assert member.assistant_level == 4  # YQ-8.2: new assistants start at 四级
    page = client_for(clerk).get(f"/staff/{member.pk}/").content.decode()
    assert "选聘" in page and "人民调解业务培训" in page and "嘉奖" in page


def test_the_assessment_is_only_for_a_track_that_has_it(daqing):  # noqa: F811
    ann = announce(daqing["county"], [(daqing["office_a"], "internal", 1)])
    auxiliary = StaffMember.objects.get(full_name="甲4")
    application = services.submit_application(post=ann.posts.get(), data={"education": "bachelor"}, staff=auxiliary,
                                              entered_by=daqing["people"]["county_clerk"])
    with pytest.raises(ValidationError, match="没有德能勤绩廉考核环节"):
        services.record_assessment(application=application, result="passed", on=D(2024, 8, 5), by="考核组")

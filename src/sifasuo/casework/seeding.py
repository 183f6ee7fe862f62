"""Demo records of this module for `sifasuo seed`: a realistic recent month for the offices of the demo
counties (those with demo accounts), relative to today, so that a clerk sees what is due and overdue now.

Per office: its mediation committee and mediators (and a committee per workstation), about ten cases in every
state of the workflow (one open beyond 30 days, one success without a follow-up visit, one whose confirmation
window is closing), half-monthly screenings with findings (the last one missed by some offices), publicity
events with audiences, petitions, weekly study and the directors' meetings, legal aid applications (one review
late), information items and one-line news, and typical cases. Everything goes through services.py, so the
demo obeys the same rules and is in the change log. Deterministic for a given seed and day.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from sifasuo.core import idnumbers
from sifasuo.core.names import random_name
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import deadlines, services
from .choices import DisputeType
from .models import (InfoItem, TypicalCase, LegalAidApplication, MediationCommittee, Mediator, Petition,
                     PublicityEvent, ScreeningFinding, ScreeningRound, StudyMeeting)

DEMO_COUNTIES = ("230602", "230621", "140321", "340223")
DAY = datetime.timedelta(days=1)


def _record(model, **values):
    return services.save_record(actor=None, model=model, values=values)


def _person(rng, unit, sex=None):
    sex = sex or rng.choice("MF")
    birth = datetime.date(rng.randrange(1955, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
    return random_name(rng, sex), sex, idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex)


def _committees(rng, office, workstations, today, first: bool):
    # The first office's committee was elected almost three years ago: its term ends within two months.
    start = today - datetime.timedelta(days=3 * 365 - 40) if first else today - datetime.timedelta(days=400)
    start = start.replace(day=1)
    committee = _record(MediationCommittee, unit=office, name=f"{office.name.removesuffix('司法所')}人民调解委员会",
                        kind="township", term_start=start, term_end=deadlines.term_end_for(start),
                        phone=f"0459-{rng.randrange(4000000, 8999999)}")
    mediators = []
    for role in ("chair", "vice_chair", "member", "member", "member", "mediator", "mediator"):
        name, sex, number = _person(rng, office)
        mediators.append(_record(Mediator, unit=office, committee=committee, full_name=name, sex=sex,
                                 id_number=number, role=role, full_time=role == "mediator",
                                 phone=f"139{rng.randrange(10000000, 99999999)}",
                                 education=rng.choice(("大专", "本科", "高中")), joined_on=start))
    for ws in workstations:
        village = _record(MediationCommittee, unit=ws, name=f"{ws.name.removesuffix('司法行政工作室')}人民调解委员会",
                          kind="village", term_start=start, term_end=deadlines.term_end_for(start))
        for role in ("chair", "member", "member"):
            name, sex, number = _person(rng, ws)
            _record(Mediator, unit=ws, committee=village, full_name=name, sex=sex, id_number=number, role=role,
                    joined_on=start)
    return committee, mediators


def _cases(rng, office, committee, mediators, today) -> int:
    """About ten cases of the last five weeks in every state, plus the overdue ones the inbox should show."""
    count = 0
    plans = [  # (days ago registered, final state)
        (34, "overdue_open"), (33, "archived"), (30, "success_no_visit"), (27, "confirm_window"),
        (21, "archived"), (18, "failure"), (14, "success"), (9, "success"), (6, "accepted"), (3, "accepted"),
        (1, "registered"), (0, "registered")]
    for days_ago, state in plans:
        registered = today - datetime.timedelta(days=days_ago)
        dispute = rng.choice(DisputeType.values[:8])
        a, a_sex, a_id = _person(rng, office)
        b, b_sex, b_id = _person(rng, office)
        case = services.register_case(
            actor=None, unit=office, committee=committee, source=rng.choice(("application", "application",
                                                                             "initiative", "police")),
            dispute_type=dispute, title=f"{a}与{b}{DisputeType(dispute).label}纠纷", registered_on=registered,
            amount=Decimal(rng.choice((0, 1500, 6000, 20000))) or None, facts="双方因琐事发生争执，申请调解。",
            parties=[{"role": "applicant", "name": a, "sex": a_sex, "id_number": a_id},
                     {"role": "respondent", "name": b, "sex": b_sex, "id_number": b_id}])
        count += 1
        if state == "registered":
            continue
        chosen = rng.sample(mediators, 2)
        services.accept_case(actor=None, case=case, accepted_on=registered, mediators=chosen)
        if state in ("accepted", "overdue_open"):
            continue
        held = min(registered + datetime.timedelta(days=rng.randrange(1, 4)), today)
        services.add_session(actor=None, case=case, held_on=held, place="调解室",
                             summary="听取双方陈述，释法明理，促成和解。")
        if state == "failure":
            services.close_case(actor=None, case=case, outcome="failure", closed_on=held,
                                close_note="双方分歧较大，已告知可向人民法院起诉")
            continue
        written = state in ("confirm_window", "archived") or rng.random() < 0.5
        services.close_case(
            actor=None, case=case, outcome="success", closed_on=held, agreement_form="written" if written else "oral",
            agreement_on=held, agreement_amount=Decimal(rng.choice((800, 3000, 12000))),
            agreement_content="被申请人于十日内一次性支付赔偿款。" if written else "",
            confirmation_wanted=state == "confirm_window")
        if state in ("archived", "success") and held + datetime.timedelta(days=5) <= today:
            services.record_visit(actor=None, case=case, visited_on=held + datetime.timedelta(days=5),
                                  performance="performed", note="已按协议履行")
        if state == "archived":
            services.archive_case(actor=None, case=case, archived_on=min(held + datetime.timedelta(days=8), today),
                                  dossier_number=f"{registered.year}-{case.number[-6:-1]}")
            if rng.random() < 0.6:
                services.mark_typical(actor=None, case=case, title=f"耐心调解化解{DisputeType(dispute).label}纠纷",
                                      summary="基本案情……调解过程……", comment="以案释法，案结事了。",
                                      recorded_on=min(held + DAY * 9, today), reported_to="县司法局")
    return count


def _screenings(rng, office, workstations, today, skip_last: bool) -> int:
    start, _ = deadlines.half_month(today)
    periods = []
    day = start
    for _ in range(4):
        day, _end = deadlines.half_month(day - DAY)
        periods.append(day)
    n = 0
    for period_start in sorted(periods):
        if skip_last and period_start == max(periods):
            continue  # this office missed the last half month: the inbox shows it
        held = period_start + datetime.timedelta(days=rng.randrange(0, 5))
        kind = "concentrated" if held.month in (3, 6, 9, 12) and held.day > 15 else "routine"
        rnd = _record(ScreeningRound, unit=office, kind=kind, held_on=held, scope="辖区各村（社区）",
                      participants="司法所全体人员、各村调解主任", summary="对辖区矛盾纠纷进行了排查分析。")
        n += 1
        for _ in range(rng.randrange(1, 3)):
            ws = rng.choice(workstations) if workstations else office
            a, _sex, _id = _person(rng, office)
            _record(ScreeningFinding, unit=ws, screening=rnd, found_on=held, description=f"{a}家与邻居因宅基地界址发生争执",
                    parties=a, dispute_type=rng.choice(("housing", "neighbour", "land")),
                    risk_level=rng.choice(("low", "low", "medium", "high")), measures="安排调解员入户了解情况",
                    status=rng.choice(("open", "resolved")))
    return n


def _registers(rng, office, workstations, today) -> int:
    n = 0
    month_start = (today - datetime.timedelta(days=30))
    for i in range(rng.randrange(2, 5)):
        held = month_start + datetime.timedelta(days=rng.randrange(0, 30))
        _record(PublicityEvent, unit=rng.choice([office, *workstations]), held_on=held,
                title=rng.choice(("民法典进村入户", "防范电信诈骗宣传", "宪法宣传周活动", "法律明白人培训")),
                form=rng.choice(("lecture", "consultation", "leaflet", "board")), place="村文化广场",
                audience=rng.randrange(40, 400), materials=rng.randrange(50, 500), consultations=rng.randrange(5, 40),
                organiser=office.name)
        n += 1
    for i in range(rng.randrange(3, 6)):
        received = month_start + datetime.timedelta(days=rng.randrange(0, 30))
        done = rng.random() < 0.7 and received + DAY * 5 <= today
        name, _sex, _id = _person(rng, office)
        _record(Petition, unit=office, kind=rng.choice(("visit", "visit", "letter", "phone")), received_on=received,
                petitioner=name, headcount=1, subject=rng.choice(("土地承包纠纷", "拖欠工资", "邻里噪音", "赡养问题")),
                content="来访人反映……", handler=random_name(rng, "F"),
                handling="已约谈相关当事人" if done else "", result="resolved" if done else "pending",
                closed_on=received + DAY * 5 if done else None)
        n += 1
    day = month_start
    while day <= today:  # weekly half-day study on Friday; directors' meeting on the first Monday
        if day.weekday() == 4:
            _record(StudyMeeting, unit=office, kind="study", held_on=day, topic="学习《人民调解法》及典型案例",
                    host="所长", place="会议室", attendees=rng.randrange(4, 8))
            n += 1
        if day.weekday() == 0 and day.day <= 7:
            _record(StudyMeeting, unit=office, kind="directors_monthly", held_on=day, topic="所长月例会：部署本月工作",
                    host="县司法局分管领导", place="县司法局", attendees=rng.randrange(10, 20))
            n += 1
        day += DAY
    for i, days_ago in enumerate((12, 5)):
        name, sex, number = _person(rng, office)
        applied = today - datetime.timedelta(days=days_ago)
        late = days_ago == 12 and rng.random() < 0.5
        values = {"unit": office, "applied_on": applied, "applicant": name, "id_number": number,
                  "matter": rng.choice(("labour_pay", "injury", "support")), "summary": "经济困难，申请法律援助",
                  "referred_on": applied, "status": "received"}
        if not late and days_ago == 12:
            values.update(status="approved", reviewed_on=applied + DAY * 4)
        _record(LegalAidApplication, **values)
        n += 1
    for kind, titles in (("information", ("我所开展矛盾纠纷集中排查", "我所举办法律明白人培训")),
                         ("news", ("本月成功调解纠纷 8 件", "开展普法宣传 3 场，受众 600 余人"))):
        for title in titles:
            _record(InfoItem, unit=office, kind=kind, reported_on=month_start + DAY * rng.randrange(0, 28),
                    title=f"{office.name.removesuffix('司法所')}{title}", author=random_name(rng, "M"),
                    adopted_by=rng.choice(("", "县司法局简报")))
            n += 1
    return n


def history_rows(seed: int, offices, months) -> tuple[list[dict], dict]:
    """What the history holds, before it is written (deterministic for the seed): closed cases with their
    outcome, information items, one-line news and typical cases of every office and month, in numbers that
    follow the office's quality (core.seeding.office_quality) — strong offices above the targets, weak ones
    short and below."""
    from sifasuo.core.seeding import office_quality

    rng = random.Random(seed * 31 + 7)
    cases, records = [], {InfoItem: [], TypicalCase: []}
    for office in offices:
        q = office_quality(seed, office.code)
        success = 0.9 + 0.1 * q            # a weak office near 92 %, a strong one near 100 % (WH-8: ≥ 98 %)
        for month in months:
            days = (month.replace(day=28) - month).days
            for _ in range(rng.randint(2, 4 + int(4 * q))):
                registered = month + datetime.timedelta(days=rng.randint(0, days - 6))
                accepted = registered + datetime.timedelta(days=rng.randint(0, 2))
                closed = accepted + datetime.timedelta(days=rng.randint(1, 4))
                ok = rng.random() < success
                a, b = random_name(rng, "M"), random_name(rng, "F")
                dispute = rng.choice(DisputeType.values[:8])
                cases.append({"unit": office, "registered_on": registered, "accepted_on": accepted,
                              "closed_on": closed, "outcome": "success" if ok else "failure",
                              "dispute_type": dispute, "source": rng.choice(("application", "initiative", "police")),
                              "title": f"{a}与{b}{DisputeType(dispute).label}纠纷",
                              "parties": [{"role": "applicant", "name": a}, {"role": "respondent", "name": b}],
                              "agreement_form": "written" if ok else "", "agreement_on": closed if ok else None,
                              "close_note": "" if ok else "双方分歧较大，已告知可向人民法院起诉"})
            # HZ-3 / HZ-6 monthly submissions: a strong office reports 2–4 of each, a weak one 0–2
            for kind, label in (("information", "工作信息"), ("news", "一句话新闻")):
                for n in range(max(0, round(rng.gauss(1 + 2 * q, 0.8)))):
                    records[InfoItem].append((len(records[InfoItem]) + 1, {
                        "unit": office, "kind": kind, "reported_on": month + datetime.timedelta(days=rng.randint(0, days)),
                        "title": f"{office.name.removesuffix('司法所')}{month.month}月{label}（{n + 1}）",
                        "author": random_name(rng, "F")}))
            for n in range(max(0, round(rng.gauss(0.5 + 2 * q, 0.7)))):
                records[TypicalCase].append((len(records[TypicalCase]) + 1, {
                    "unit": office, "recorded_on": month + datetime.timedelta(days=rng.randint(0, days)),
                    "title": f"化解{DisputeType.NEIGHBOUR.label}纠纷典型案例（{month.month}月-{n + 1}）",
                    "dispute_type": "neighbour", "summary": "基本案情……调解过程……", "reported_to": "县司法局"}))
    return cases, records


def _history(seed: int, scale: str, log) -> str:
    """The last 13 complete months of every office (a province: of the first 300), written through the bulk
    services (record_case_history, bulk_save_records), so the registers' rules apply."""
    from sifasuo.core.seeding import history_months

    today = datetime.date.today()
    months = history_months(today)
    limit = {"demo": 10_000, "city": 300, "province": 300}[scale]
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True).order_by("code")[:limit])
    cases, records = history_rows(seed, offices, months)
    log(f"登记簿历史：{len(offices)} 个司法所 {len(months)} 个月，调解案件 {len(cases)} 件，写入中…")
    written = services.record_case_history(actor=None, cases=cases, today=today)
    for model, rows in records.items():
        services.bulk_save_records(actor=None, model=model, rows=rows, headers={})
    return (f"近 {len(months)} 个月历史：已结调解案件 {written} 件，信息与一句话新闻 {len(records[InfoItem])} 条，"
            f"典型案例 {len(records[TypicalCase])} 件")


def seed(*, scale: str, seed: int, log) -> str:
    history = _history(seed, scale, log)
    today = datetime.date.today()
    rng = random.Random(seed)
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True)
                   .filter(parent__code__in=DEMO_COUNTIES).order_by("code"))
    cases = records = screenings = 0
    counties: set[int] = set()
    for i, office in enumerate(offices):
        workstations = list(OrgUnit.objects.filter(parent=office, closed_on__isnull=True).order_by("code")[:4])
        first = office.parent_id not in counties  # each county's first office: a committee term ending soon
        counties.add(office.parent_id)
        committee, mediators = _committees(rng, office, workstations, today, first=first)
        cases += _cases(rng, office, committee, mediators, today)
        screenings += _screenings(rng, office, workstations, today, skip_last=i % 3 == 1)
        records += _registers(rng, office, workstations, today)
    return (f"登记簿与人民调解：{len(offices)} 个司法所，调解案件 {cases} 件，矛盾纠纷排查 {screenings} 次，"
            f"其他登记 {records} 条；{history}")

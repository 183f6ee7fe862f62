"""Demo records of the standardization module for `sifasuo seed`, deterministic for a seed.

Offices: premises, rooms, equipment ledger, director and "三分开" — about a third meet the whole standard
(their missing full-time auxiliaries are added to the roster), the others fall short in one or a few ways.
Workstations: a build status with its SD-4 deadline, 六统一, 3111, funding, legal adviser — some behind
their deadline. Plans: the Daqing and Yangquan assistant pilots (seeds 000, 002) and the Wuhu programme
(seed 001) with phases, milestones and task force; each county's progress; a couple of inspections.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from sifasuo.core import idnumbers
from sifasuo.core.changelog import log_bulk_create
from sifasuo.core.names import random_name
from sifasuo.orgunits.choices import Level
from sifasuo.orgunits.models import OrgUnit

from . import selectors, services
from .choices import BuildStatus, DirectorRank, ProgressStatus, Tenure
from .models import EquipmentItem, MilestoneProgress, OfficeProfile, Plan, WorkstationProfile

EQUIPMENT_NAMES = {"vehicle": "工作用车（轿车）", "computer": "台式计算机", "telephone": "固定电话机",
                   "printer": "激光打印机", "fax": "传真机", "camera": "数码照相机"}

# (plan code, city code prefix, name, kind, document, rules, start, end, phases, task force)
# phases: (name, start, end, description, [(title, deadline, level, responsible, rule id)])
PLANS = [
    ("daqing-2024-pilot", "230600", "大庆市司法协理员制度试点", "pilot",
     "大庆市人民政府办公室《大庆市司法协理员制度试点工作方案》（2024年7月12日）", "DQ-11、DQ-12",
     datetime.date(2024, 3, 1), datetime.date(2024, 12, 31), [
         ("谋划部署阶段", datetime.date(2024, 3, 1), datetime.date(2024, 7, 10),
          "向同级党委政府汇报，前期调研，印发试点工作方案", [
              ("向同级党委政府汇报试点工作", datetime.date(2024, 7, 10), "county", "县（区）司法行政部门", "DQ-11"),
              ("印发试点工作方案，明确职责任务", datetime.date(2024, 7, 10), "city", "市司法局", "DQ-11")]),
         ("全面推进阶段", datetime.date(2024, 7, 11), datetime.date(2024, 10, 31), "全面推进司法协理员招聘工作", [
             ("出台司法协理员相关制度文件", datetime.date(2024, 7, 31), "county", "县（区）司法行政部门会同相关部门", "DQ-11"),
             ("完成考试、考核等招聘工作", datetime.date(2024, 9, 30), "county",
              "县（区）司法行政部门会同人力资源和社会保障部门", "DQ-11"),
             ("完成岗前培训，全部上岗", datetime.date(2024, 10, 31), "county", "县（区）司法行政部门", "DQ-11")]),
         ("总结提升阶段", datetime.date(2024, 11, 1), datetime.date(2024, 12, 31), "总结评估，完善制度", [
             ("报送试点工作总结评估", datetime.date(2024, 12, 31), "county", "县（区）司法行政部门", "DQ-11")]),
     ], [
         ("task_force", "leader", "大庆市副市长、市公安局局长"),
         ("task_force", "deputy", "大庆市司法局党组书记、局长"),
         ("task_force", "deputy", "大庆市财政局党组书记、局长"),
         ("task_force", "deputy", "大庆市人力资源和社会保障局党组书记、局长"),
         ("task_force", "member", "大庆市司法局党组成员、副局长"),
         ("task_force", "member", "萨尔图区副区长、萨尔图公安分局局长"),
         ("office", "director", "大庆市司法局党组成员、副局长"),
         ("office", "member", "大庆市司法局人民参与和促进法治科科长"),
         ("office", "member", "萨尔图区司法局局长"),
     ]),
    ("yangquan-2024-pilot", "140300", "阳泉市司法协理员制度试点", "pilot",
     "阳泉市人民政府办公室《阳泉市开展司法协理员制度试点工作实施方案》（阳政办发〔2024〕9号）", "YQ-9",
     datetime.date(2024, 2, 26), datetime.date(2024, 6, 30), [
         ("工作部署阶段", datetime.date(2024, 2, 26), datetime.date(2024, 3, 15),
          "专题汇报、座谈调研、制定并上报工作方案", [
              ("向市试点工作领导专班办公室上报工作方案", datetime.date(2024, 3, 15), "county", "县（区）司法局", "YQ-9")]),
         ("全面推进阶段", datetime.date(2024, 3, 16), datetime.date(2024, 6, 15), "制定招聘计划，发布公告，全面开展招聘", [
             ("制定招聘计划并发布招聘公告", datetime.date(2024, 4, 15), "county", "县（区）司法局会同人社局", "YQ-9"),
             ("完成司法协理员招聘", datetime.date(2024, 6, 15), "county", "县（区）司法局会同人社局", "YQ-9")]),
         ("总结提升阶段", datetime.date(2024, 6, 16), datetime.date(2024, 6, 30), "总结评估，形成长效机制", [
             ("报送试点工作总结", datetime.date(2024, 6, 30), "county", "县（区）司法局", "YQ-9")]),
     ], [
         ("task_force", "leader", "阳泉市司法协理员制度试点工作领导专班组长"),
         ("office", "director", "阳泉市司法局人民参与和促进法治科科长"),
     ]),
    ("wuhu-2017-programme", "340200", "芜湖市司法所建设规范提升工程", "programme",
     "芜湖市司法局《全市司法所建设规范提升工程实施方案》（芜司字〔2017〕17号）", "WH-13",
     datetime.date(2017, 5, 1), datetime.date(2019, 12, 31), [
         ("动员部署阶段", datetime.date(2017, 5, 1), datetime.date(2017, 6, 30), "成立领导小组，制定方案，调查摸底", [
             ("成立领导小组，制定具体方案，召开动员大会", datetime.date(2017, 5, 15), "county", "县（区）司法局", "WH-13"),
             ("调研报告报送省厅基层工作处", datetime.date(2017, 6, 30), "city", "市司法局", "WH-13")]),
         ("组织实施阶段", datetime.date(2017, 7, 1), datetime.date(2019, 6, 30), "按年度推进计划落实各项目标任务", [
             ("报送2018年度推进工作计划及完成情况", datetime.date(2018, 12, 31), "county", "县（区）司法局", "WH-13"),
             ("司法所用房、功能室、装备全面达标", datetime.date(2019, 6, 30), "county", "县（区）司法局", "WH-5")]),
         ("总结验收阶段", datetime.date(2019, 7, 1), datetime.date(2019, 12, 31), "考核验收，补缺补差，总结报送", [
             ("向省厅报送工作总结报告和统计报表", datetime.date(2019, 12, 31), "county", "县（区）司法局", "WH-13")]),
     ], [
         ("task_force", "leader", "芜湖市司法局局长"),
         ("office", "director", "芜湖市司法局人民参与和促进法治科科长"),
     ]),
]


def _full_office(standard, unit, rng, director=None) -> dict:
    """`director`: the office's director on the roster (one person, one name: the premises point at the entry);
    an office without one keeps a typed name, shown as not yet linked."""
    tier = next((t for t in standard.rule("WH-5").tiers if t.fits(unit.kind, unit.population)), None)
    need = tier.min_area if tier else Decimal(160)
    typed = random_name(rng, rng.choice("MF"))   # drawn either way, so that the rest of the seed stays the same
    return {
        "floor_area": need + rng.randint(0, 60), "tenure": Tenure.OWNED, "property_certificate": True,
        "certificate_number": f"房权证字第{rng.randint(10000, 99999)}号", "premises_independent": True,
        "rooms": list(standard.items_of("rooms")), "identity": list(standard.items_of("identity")),
        "separation": list(standard.items_of("separation")), "director": director,
        "director_name": "" if director is not None else typed, "director_rank": DirectorRank.FULL_TIME_DEPUTY_SECTION,
    }


def _short_office(full: dict, rng) -> dict:
    data = dict(full)
    flaws = rng.sample(["area", "rooms", "certificate", "director", "separation", "identity"], k=rng.randint(1, 3))
    if "area" in flaws:
        data["floor_area"] = max(Decimal(60), Decimal(full["floor_area"]) - 60 - rng.randint(10, 80))
    if "rooms" in flaws:
        rooms = list(full["rooms"])
        for _ in range(rng.randint(1, 4)):
            rooms.remove(rng.choice(rooms))
        data["rooms"] = rooms
    if "certificate" in flaws:
        data.update(tenure=Tenure.RENTED, property_certificate=False, certificate_number="")
    if "director" in flaws:
        data["director_rank"] = rng.choice([DirectorRank.PART_TIME, DirectorRank.BELOW_DEPUTY_SECTION])
    if "separation" in flaws:
        data["separation"] = ["functions"]
    if "identity" in flaws:
        data["identity"] = ["signboard"]
    return data


def _staff_member(rng, unit, staff_type, today):
    from sifasuo.staff.models import StaffMember

    sex = rng.choice("MF")
    birth = datetime.date(rng.randint(1975, 2000), rng.randint(1, 12), rng.randint(1, 28))
    return StaffMember(unit=unit, full_name=random_name(rng, sex), sex=sex, birth_date=birth, staff_type=staff_type,
                       id_number=idnumbers.generate(rng, region_code=unit.code[:6], birth_date=birth, sex=sex),
                       education="bachelor", joined_on=today - datetime.timedelta(days=rng.randint(60, 900)))


def seed(*, scale: str, seed: int, log) -> str:
    from sifasuo.staff.services import bulk_create_members

    rng = random.Random(seed * 104729 + 7)
    today = datetime.date.today()
    offices = list(OrgUnit.objects.filter(level=Level.OFFICE, closed_on__isnull=True).order_by("path"))
    checks = {c.unit.id: c for c in selectors.office_checks("/", on=today)} if offices else {}
    profiles, equipment, hires = [], [], []
    compliant = 0
    from sifasuo.staff.choices import Position
    from sifasuo.staff.selectors import serving

    directors: dict[int, object] = {}
    for member in serving(on=today).filter(unit__in=offices, position=Position.DIRECTOR).order_by("unit_id", "id"):
        directors.setdefault(member.unit_id, member)
    for office in offices:
        standard, _ = selectors.standard_for(office)
        if standard is None:
            continue
        full = _full_office(standard, office, rng, directors.get(office.id))
        exemplary = rng.random() < 0.35
        data = full if exemplary else _short_office(full, rng)
        profiles.append(OfficeProfile(unit=office, **data))
        items = list(standard.items_of("equipment"))
        if not exemplary and rng.random() < 0.5:
            items = [i for i in items if i not in rng.sample(["fax", "camera", "vehicle"], k=rng.randint(1, 2))]
        for n, code in enumerate(items, start=1):
            equipment.append(EquipmentItem(
                unit=office, item=code, name=EQUIPMENT_NAMES.get(code, code), asset_number=f"{office.code}-{n:03d}",
                quantity=rng.randint(2, 6) if code in ("computer", "telephone") else 1,
                acquired_on=datetime.date(rng.randint(2015, 2023), rng.randint(1, 12), rng.randint(1, 28))))
        if exemplary:
            compliant += 1
            check = checks.get(office.id)
            staff = check.facts["staff"] if check else {}
            facts = dict(check.facts if check else {})
            for rule in standard.rules:
                if rule.kind != "posts":
                    continue
                required = rule.base + sum(e.extra(int(facts.get(e.fact) or 0)) for e in rule.extras)
                for _ in range(max(0, required - staff.get(rule.staff_type, 0))):
                    hires.append(_staff_member(rng, office, rule.staff_type, today))
    OfficeProfile.objects.bulk_create(profiles, batch_size=1000)
    log_bulk_create(profiles)
    EquipmentItem.objects.bulk_create(equipment, batch_size=2000)
    log_bulk_create(equipment)
    bulk_create_members(hires)

    stations = []
    overdue = 0
    for unit in OrgUnit.objects.filter(level=Level.WORKSTATION, closed_on__isnull=True).order_by("path"):
        standard, _ = selectors.standard_for(unit)
        if standard is None:
            continue
        initial = rng.choices(list(BuildStatus.values), weights=[3, 3, 2])[0]
        roll = rng.random()
        status = BuildStatus.BUILT if roll < 0.7 else (BuildStatus.BUILDING if roll < 0.85 else initial)
        if initial == BuildStatus.BUILT:
            status = BuildStatus.BUILT
        deadline = standard.deadline_for(initial)
        good = status == BuildStatus.BUILT and rng.random() < 0.5
        def pick(fact, good=good, standard=standard):
            codes = list(standard.items_of(fact))
            return codes if good else rng.sample(codes, k=rng.randint(0, len(codes)))
        stations.append(WorkstationProfile(
            unit=unit, head_name=random_name(rng, rng.choice("MF")), head_position="村调委会主任",
            status=status, initial_status=initial, deadline=deadline,
            built_on=min(deadline, today) - datetime.timedelta(days=rng.randint(0, 200))
            if status == BuildStatus.BUILT else None,
            six_unified=pick("six_unified"), layout=pick("layout"), funding=pick("funding"),
            legal_adviser=f"{random_name(rng, rng.choice('MF'))}律师" if good or rng.random() < 0.6 else ""))
        overdue += status != BuildStatus.BUILT and deadline < today
    WorkstationProfile.objects.bulk_create(stations, batch_size=2000)
    log_bulk_create(stations)

    plans = 0
    for code, city_code, name, kind, document, rules, start, end, phases, task_force in PLANS:
        city = OrgUnit.objects.filter(code=city_code).first()
        if city is None or Plan.objects.filter(code=code).exists():
            continue
        plan = services.create_plan(actor=None, unit=city, code=code, name=name, kind=kind, start=start, end=end,
                                    document=document, rule_ids=rules)
        plans += 1
        order = 0
        for p_order, (p_name, p_start, p_end, description, milestones) in enumerate(phases, start=1):
            phase = services.add_phase(actor=None, plan=plan, order=p_order, name=p_name, start=p_start, end=p_end,
                                       description=description)
            for title, deadline, level, responsible, rule_id in milestones:
                order += 1
                services.add_milestone(actor=None, phase=phase, title=title, deadline=deadline,
                                       responsible_level=level, responsible=responsible, rule_id=rule_id, order=order)
        for n, (group, role, position) in enumerate(task_force):
            services.add_task_force_member(actor=None, plan=plan, group=group, role=role, position=position, order=n)
        # Counties report: most done on time, a few late or still open (the overdue ones show as alerts).
        for progress in MilestoneProgress.objects.filter(milestone__plan=plan).select_related("milestone"):
            deadline = progress.milestone.deadline
            roll = rng.random()
            if deadline >= today:
                continue
            if roll < 0.7:
                done = max(plan.start, deadline - datetime.timedelta(days=rng.randint(0, 20)))
                services.report_progress(actor=None, progress=progress, status=ProgressStatus.DONE, done_on=done,
                                         note="按期完成")
            elif roll < 0.85:
                done = min(today, deadline + datetime.timedelta(days=rng.randint(3, 30)))
                services.report_progress(actor=None, progress=progress, status=ProgressStatus.DONE, done_on=done,
                                         note="逾期完成")
            else:
                services.report_progress(actor=None, progress=progress, status=ProgressStatus.IN_PROGRESS,
                                         note="正在推进，尚未完成")

    inspections = 0
    for office in offices[:: max(1, len(offices) // 3)][:3]:
        county = OrgUnit.objects.get(pk=office.parent_id)
        check = selectors.office_check(office, on=today)
        if check.checklist is None:
            continue
        findings = [{"rule_id": r.rule_id, "result": "met" if r.met else "unmet", "description": r.gap}
                    for r in check.checklist.results if r.counts]
        inspection = services.record_inspection(
            actor=None, unit=office, inspector_unit=county, inspectors=f"{random_name(rng, 'M')}、{random_name(rng, 'F')}",
            visited_on=today - datetime.timedelta(days=rng.randint(10, 40)),
            summary="对照建设标准逐项检查用房、功能室、装备和人员配备情况。", findings=findings)
        inspections += 1
        for r in check.checklist.results:
            if r.counts and not r.met:
                services.add_follow_up(actor=None, inspection=inspection, rule_id=r.rule_id, description=r.gap,
                                       due_on=inspection.visited_on + datetime.timedelta(days=30),
                                       responsible="司法所所长")
                break
    return (f"规范化建设：司法所 {len(profiles)} 个（全部达标的示范所约 {compliant} 个），工作室 {len(stations)} 个"
            f"（逾期未建成 {overdue} 个），方案 {plans} 个，督导检查 {inspections} 次")

"""sifasuo screen --policy NAME --track TRACK [--county CODE] [--date YYYY-MM-DD] applicants.xlsx -o results.xlsx

Batch eligibility screening (资格审查) of an HR bureau's spreadsheet, without the web and without the
database: the policy engine checks every applicant and results.xlsx repeats each row with 审查结论,
未通过理由 (each reason on its own line, rule id first) and 待人工确认. A bad file (wrong header, bad ID
number, impossible date, …) is reported row by row and column by column, and no output is written.

    sifasuo screen --policy daqing-2024 --track public --template -o 报名表模板.xlsx
writes the empty sheet with the columns that policy and track need.

A policy whose rules require being on a named list (list_membership) needs the list:
    sifasuo screen ... --list auxiliary_roster@2024-06-30=在册名单.xlsx
(NAME is the list's code in the policy, the date the list's date, FILE a sheet with a 身份证号码 column).
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sifasuo import policy as engine
from sifasuo.recruitment import screening_files as files
from sifasuo.recruitment import screening_results as results

MAX_SHOWN_ERRORS = 50


def _date(text: str) -> datetime.date:
    try:
        return files.parse_sheet_date(text.strip())  # type: ignore[return-value]
    except ValueError as exc:
        raise CommandError(f"--date：{exc}") from None


def load_policy(name: str) -> engine.Policy:
    """A policy by name (policies/NAME.yaml, in settings.POLICY_DIR) or by path."""
    try:
        if name.endswith((".yaml", ".yml")) or "/" in name or os.sep in name:
            path = Path(name)
        else:
            path = engine.policy_path(name, directory=Path(settings.POLICY_DIR))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if not path.is_file():
        known = "、".join(engine.available(directory=Path(settings.POLICY_DIR))) or "（无）"
        raise CommandError(f"找不到政策“{name}”（{path}）。现有政策：{known}")
    try:
        return engine.load(path)
    except engine.PolicyInvalid as exc:
        raise CommandError(f"政策文件有误，请先运行 sifasuo policy validate {path}：\n{exc}") from None


def write_atomically(path: Path, content: bytes) -> None:
    """The whole file or nothing: written beside the target, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = ("按政策文件批量审查报名人员的资格（Excel 进、Excel 出，不需要数据库）。"
            "例：sifasuo screen --policy daqing-2024 --track public applicants.xlsx -o results.xlsx")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("applicants", nargs="?", metavar="APPLICANTS.xlsx", help="报名人员名单（Excel .xlsx）")
        parser.add_argument("-o", "--output", metavar="RESULTS.xlsx",
                            help="审查结果写入的文件（默认：名单文件名加“-审查结果”）；与 --template 同用时为模板文件")
        parser.add_argument("--policy", required=True, metavar="NAME", help="政策名称（如 daqing-2024）或政策文件路径")
        parser.add_argument("--track", required=True, metavar="TRACK",
                            help="招聘渠道代码，如 public（面向社会公开招聘）、internal（现有专职辅助人员）")
        parser.add_argument("--county", metavar="CODE",
                            help="招聘县（区）的6位行政区划代码，用于户籍、居住地和在职单位范围的审查（默认：政策所属地区代码）")
        parser.add_argument("--date", metavar="YYYY-MM-DD",
                            help="招聘公告发布日（未给 --deadline 时也是报名截止日），年龄按政策规定计算（默认：今天）")
        parser.add_argument("--deadline", metavar="YYYY-MM-DD",
                            help="报名截止日（默认与 --date 相同）；政策中随报名截止日而定的日期按此计算")
        parser.add_argument("--list", action="append", default=[], dest="lists", metavar="NAME[@YYYY-MM-DD]=FILE.xlsx",
                            help="政策规则要求的名单：名单代码、名单日期和 Excel 文件（含“身份证号码”列），可写多次")
        parser.add_argument("--template", action="store_true", help="不审查，写出本政策和渠道的空白名单模板")

    def read_lists(self, rules: engine.Policy, specs: list[str]) -> dict[str, engine.NamedList]:
        """--list NAME[@DATE]=FILE.xlsx, each read and checked whole."""
        lists: dict[str, engine.NamedList] = {}
        known = rules.vocabulary.entries.get("named_list", {})
        for spec in specs:
            name, sep, file = spec.partition("=")
            if not sep or not name or not file:
                raise CommandError(f"--list：“{spec}”应写成 名单代码=文件.xlsx 或 名单代码@日期=文件.xlsx")
            code, _at, day = name.partition("@")
            if code not in known:
                listing = "、".join(f"{c}（{e.name}）" for c, e in known.items()) or "（无）"
                raise CommandError(f"--list：政策 {rules.id} 没有名单代码“{code}”，可用：{listing}")
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"--list：找不到名单文件 {path}")
            try:
                sheet = files.read_named_list(path.read_bytes())
            except files.ImportRejected as exc:
                shown = exc.errors[:MAX_SHOWN_ERRORS]
                raise CommandError(f"名单 {path.name} 有{len(exc.errors)}处错误，未审查：\n  " + "\n  ".join(shown)) from None
            lists[code] = engine.NamedList(code=code, ids=sheet.ids, as_of=_date(day) if day else None,
                                           name=known[code].name)
        return lists

    def handle(self, *args, applicants, output, policy, track, county, date, template, lists=(), deadline=None,
               **options):
        started = time.perf_counter()
        rules = load_policy(policy)
        try:
            layout = files.layout(rules, track)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if template:
            if applicants and not output:
                output = applicants  # `screen --template 模板.xlsx` reads naturally too
            target = Path(output or f"{rules.id}-{track}-报名人员名单模板.xlsx")
            write_atomically(target, results.template_workbook(layout))
            self.stdout.write(f"已写出空白名单模板：{target}（{len(layout.columns)}列，"
                              f"{rules.name}，{rules.track(track).name}）")
            return
        if not applicants:
            raise CommandError("请给出报名人员名单文件（.xlsx），或用 --template 写出空白模板")
        county_code = (county or rules.jurisdiction.region_code).strip()
        jurisdiction = rules.jurisdiction
        if len(county_code) != 6 or not county_code.isdigit():
            raise CommandError(f"--county：县（区）代码“{county_code}”应为6位行政区划代码，如 230602")
        prefix = jurisdiction.region_code[:{"province": 2, "city": 4, "county": 6}[jurisdiction.level]]
        if not county_code.startswith(prefix):
            raise CommandError(f"--county：{county_code} 不在政策适用地区{jurisdiction.name}"
                               f"（{jurisdiction.region_code}）范围内")
        day = _date(date) if date else datetime.date.today()
        closing = _date(deadline) if deadline else day
        if closing < day:
            raise CommandError(f"--deadline：报名截止日 {closing:%Y-%m-%d} 早于公告发布日 {day:%Y-%m-%d}")
        source = Path(applicants)
        target = Path(output) if output else source.with_name(f"{source.stem}-审查结果.xlsx")
        if not source.is_file():
            raise CommandError(f"找不到报名人员名单文件：{source}")
        if source.suffix.lower() != ".xlsx":
            raise CommandError(f"{source.name} 不是 Excel .xlsx 文件（.xls 请先用 Excel 或 WPS 另存为 .xlsx）")
        if target.resolve() == source.resolve():
            raise CommandError("结果文件不能与名单文件相同，请用 -o 指定另一个文件名")
        recruitment = engine.Recruitment(announcement_date=day, registration_deadline=closing, county_code=county_code)
        named = self.read_lists(rules, list(lists))
        try:
            screener = engine.Screener(rules, track, recruitment=recruitment, lists=named)
        except ValueError as exc:  # a list the rules need is missing, or of another date
            raise CommandError(str(exc)) from None

        read_started = time.perf_counter()
        try:
            sheet = files.read_applicants(source.read_bytes(), layout)
        except files.ImportRejected as exc:
            shown = exc.errors[:MAX_SHOWN_ERRORS]
            more = len(exc.errors) - len(shown)
            tail = f"\n  …另有{more}处错误" if more > 0 else ""
            raise CommandError(f"{source.name} 有{len(exc.errors)}处错误，未审查，未写出结果文件：\n  "
                               + "\n  ".join(shown) + tail) from None
        screen_started = time.perf_counter()
        with files.bulk():
            verdicts = [screener(row.applicant) for row in sheet.rows]
        write_started = time.perf_counter()
        info = results.RunInfo(policy=rules, track=track, county_code=county_code, date=day,
                             reference=screener.reference, source=source.name,
                             screened_at=datetime.datetime.now().replace(microsecond=0), deadline=closing,
                             lists=tuple(f"{n.name}（{n.code}，{n.as_of:%Y-%m-%d}）：{len(n.ids)}人" if n.as_of
                                         else f"{n.name}（{n.code}）：{len(n.ids)}人" for n in named.values()))
        write_atomically(target, results.results_workbook(sheet, verdicts, info))
        finished = time.perf_counter()

        passed = sum(1 for v in verdicts if v.eligible)
        conditional = sum(1 for v in verdicts if v.outcome == "conditional")
        counts: dict[str, int] = {}
        for verdict in verdicts:
            for reason in verdict.failures:
                counts[reason.rule_id] = counts.get(reason.rule_id, 0) + 1
        self.stdout.write(f"{rules.name}，{rules.track(track).name}；县（区）代码 {county_code}；"
                          f"年龄计算至 {screener.reference:%Y-%m-%d}")
        if conditional:
            self.stdout.write(f"共审查 {len(verdicts)} 人：通过 {passed - conditional} 人，有条件通过 {conditional} 人，"
                              f"不通过 {len(verdicts) - passed} 人")
        else:
            self.stdout.write(f"共审查 {len(verdicts)} 人：通过 {passed} 人，不通过 {len(verdicts) - passed} 人")
        if counts:
            top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            self.stdout.write("未通过的规则：" + "；".join(f"{rule} {n}人" for rule, n in top))
        awaiting: dict[str, int] = {}
        for verdict in verdicts:
            for reason in verdict.awaiting_review:
                awaiting[reason.rule_id] = awaiting.get(reason.rule_id, 0) + 1
        if awaiting:
            top = sorted(awaiting.items(), key=lambda item: (-item[1], item[0]))
            self.stdout.write("仍须审查人员认定或人工核对的规则：" + "；".join(f"{rule} {n}人" for rule, n in top))
        if sheet.skipped_result_columns:
            self.stdout.write(f"名单中原有的“{'、'.join(sheet.skipped_result_columns)}”列已按本次结果重写")
        self.stdout.write(f"结果已写入 {target}")
        self.stdout.write(f"用时 {finished - started:.2f} 秒（读取 {screen_started - read_started:.2f} 秒，"
                          f"审查 {write_started - screen_started:.2f} 秒，写出 {finished - write_started:.2f} 秒）")

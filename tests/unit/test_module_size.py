"""No module of src/ is over 800 lines (issue 17, D90): a module that grows past it is split along its seams (the
recruitment services became one module a stage). Migrations are generated and left out."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
LIMIT = 800


def long_modules(root: Path, limit: int = LIMIT) -> dict[str, int]:
    """{path relative to root: its number of lines} of every non-migration module over the limit."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for _ in handle)
        if count > limit:
            found[str(path.relative_to(root))] = count
    return found


def test_the_count_reads_lines_and_skips_migrations(tmp_path):
    (tmp_path / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "app" / "long.py").write_text("x = 1\n" * 801, encoding="utf-8")
    (tmp_path / "app" / "short.py").write_text("x = 1\n" * 800, encoding="utf-8")
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 5000, encoding="utf-8")
    assert long_modules(tmp_path) == {"app/long.py": 801}


def test_no_module_over_800_lines():
    assert long_modules(SRC) == {}, "split these modules along their seams: " + ", ".join(
        f"{path}（{count}行）" for path, count in long_modules(SRC).items())

"""Copy the front-end files the pages use from node_modules into build/vendor-static/ (served as /static/vendor/).

Nothing third-party is committed; `make install` runs this after `npm ci`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
TARGET = ROOT / "build" / "vendor-static" / "vendor"

FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "echarts/dist/echarts.min.js": "echarts.min.js",
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap.min.css",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    missing = [src for src in FILES if not (NODE / src).exists()]
    if missing:
        print("缺少前端文件（请先运行 npm ci）：" + ", ".join(missing), file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        shutil.copyfile(NODE / src, TARGET / dest)
    print(f"copied {len(FILES)} front-end files to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

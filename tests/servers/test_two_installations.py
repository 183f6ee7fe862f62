"""The national roll-up between two installations (D63): a province installation and a national one, each with
its own database and gunicorn server (scripts/two-installations.sh; `make test-servers`, .ci/run). The province
sends with `sifasuo national send`, over HTTP, with the key the national side issued; the national dashboard
shows it by province and city. Skipped without the servers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.national_fixtures import MONTH

from .browser import Browser

NATIONAL = os.environ.get("SIFASUO_TEST_NATIONAL_SERVER", "")
PROVINCE = os.environ.get("SIFASUO_TEST_PROVINCE_SERVER", "")
PASSWORD = os.environ.get("SIFASUO_TEST_ROLLUP_PASSWORD", "")
REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(not NATIONAL or not PROVINCE,
                       reason="no installations: start them with scripts/two-installations.sh (make test-servers)"),
]

SETUP = """
import django
django.setup()
from tests.national_fixtures import ready_province
ready_province()
"""


def installation_env(side: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "SIFASUO_REDIS_URL", "SIFASUO_DATA_DIR"}}
    for line in Path(os.environ[f"SIFASUO_TEST_{side.upper()}_ENV"]).read_text().splitlines():
        name, _, value = line.partition("=")
        env[name] = value
    return {**env, "DJANGO_SETTINGS_MODULE": "sifasuo.settings", **extra}


def run(side: str, *args: str, **extra) -> str:
    done = subprocess.run([sys.executable, "-m", "sifasuo.manage", *args] if args[0] != "-c"
                          else [sys.executable, *args], cwd=REPO, env=installation_env(side, **extra),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def shandong_key():
    run("province", "-c", SETUP)
    return run("national", "national", "add-province", "370000", "山东省").strip().splitlines()[-1]


def test_a_province_sends_and_the_nation_shows_it(shandong_key):
    month = f"{MONTH:%Y-%m}"
    sent = run("province", "national", "send", SIFASUO_NATIONAL_URL=NATIONAL, SIFASUO_NATIONAL_KEY=shandong_key)
    assert f"{month} 已确认（accepted，" in sent, sent
    browser = Browser()
    assert browser.login(NATIONAL, "rollup_admin", PASSWORD)[0] == 302
    status, _, page = browser.request(f"{NATIONAL}/national/?year={MONTH.year}&month={MONTH.month}")
    assert status == 200 and "山东省司法厅" in page and "<td>95</td>" in page     # 57 of 60 succeeded
    status, _, cities = browser.request(f"{NATIONAL}/national/?province=370000&year={MONTH.year}&month={MONTH.month}")
    assert status == 200 and "济南市司法局" in cities and "解放路" not in cities
    # The province's own installation keeps none of it: two databases.
    assert browser.login(PROVINCE, "rollup_admin", PASSWORD)[0] == 302
    status, _, own = browser.request(f"{PROVINCE}/national/?year={MONTH.year}&month={MONTH.month}")
    assert status == 200 and "还没有收到任何省份的汇总数据" in own
    # The same month again changes nothing.
    again = run("province", "national", "send", "--period", month, SIFASUO_NATIONAL_URL=NATIONAL,
                SIFASUO_NATIONAL_KEY=shandong_key)
    assert f"{month} 已确认（unchanged，" in again, again


def test_a_key_of_another_province_is_refused_with_the_reason(shandong_key):
    beijing_key = run("national", "national", "add-province", "110000", "北京市").strip().splitlines()[-1]
    sent = run("province", "national", "send", "--period", f"{MONTH:%Y-%m}", SIFASUO_NATIONAL_URL=NATIONAL,
               SIFASUO_NATIONAL_KEY=beijing_key)
    assert "被拒收：拒收：该密钥属于北京市（110000），不能报送省级代码「370000」的数据" in sent, sent

"""Two application servers behind one nginx (D62): what one server learns, the other knows.

Run against real servers started by scripts/multi-server.sh (`make test-servers`, and .ci/run): two gunicorn
processes on two ports sharing one database and one Redis, nginx in front of both. Without them
(SIFASUO_TEST_INSTANCES unset) the tests are skipped. One cookie jar plays one browser: cookies are kept per
host, not per port, so the same session cookie reaches both servers, as it would behind one address.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request

import pytest

from .browser import Browser

INSTANCES = [u for u in os.environ.get("SIFASUO_TEST_INSTANCES", "").split(",") if u]
NGINX = os.environ.get("SIFASUO_TEST_NGINX", "")
REDIS = os.environ.get("SIFASUO_TEST_REDIS", "")
PASSWORD = os.environ.get("SIFASUO_TEST_PASSWORD", "")

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(len(INSTANCES) < 2 or not NGINX,
                       reason="no servers: start them with scripts/multi-server.sh (make test-servers)"),
]


def test_log_in_through_one_server_and_act_through_the_other():
    first, second = INSTANCES[:2]
    browser = Browser()
    status, headers, _ = browser.login(first, "ms_admin", PASSWORD)
    assert status == 302 and headers["Location"] == "/"
    # The second server knows the session and accepts the form's token.
    token = browser.csrf(f"{second}/org/new/")
    status, headers, body = browser.request(f"{second}/org/new/", {
        "parent_code": "", "code": "650000", "name": "新疆维吾尔自治区司法厅", "level": "1", "kind": "province",
        "csrfmiddlewaretoken": token})
    assert status == 302, body[:2000]
    # ...and the first one shows what the second one wrote, as does nginx in front of both.
    for server in (first, NGINX):
        status, _, page = browser.request(f"{server}/org/?q=650000")
        assert status == 200 and "新疆维吾尔自治区司法厅" in page
    # Logged out on one server is logged out on both.
    browser.request(f"{second}/accounts/logout/", {"csrfmiddlewaretoken": browser.csrf(f"{second}/org/")})
    status, headers, _ = browser.request(f"{first}/org/")
    assert status == 302 and "/accounts/login/" in headers["Location"]


def test_nginx_spreads_requests_over_both_servers():
    browser = Browser()
    answered = {browser.request(f"{NGINX}/accounts/login/")[1].get("X-Upstream") for _ in range(6)}
    assert answered == {u.removeprefix("http://") for u in INSTANCES[:2]}


def test_a_lockout_counted_on_both_servers_holds_on_both():
    first, second = INSTANCES[:2]
    browser = Browser()
    for n in range(4):   # SIFASUO_LOGIN_FAILURE_LIMIT (5): failures alternate between the servers
        status, _, page = browser.login(INSTANCES[n % 2], "ms_locked", "wrong-password")
        assert status == 200 and "已被暂时锁定" not in page
    status, _, page = browser.login(second, "ms_locked", "wrong-password")   # the fifth locks (django-axes)
    assert status == 429 and "已被暂时锁定" in page
    for server in (first, second, NGINX):
        status, _, page = browser.login(server, "ms_locked", PASSWORD)   # the right password, too late
        assert status == 429 and "已被暂时锁定" in page


def test_the_api_throttle_counts_requests_on_both_servers():
    answers = []
    for n in range(31):   # SIFASUO_LOGIN_RATE: 30 a minute from one address, counted in the shared cache
        # (a new name each time: five failures of one name would lock it first)
        request = urllib.request.Request(f"{INSTANCES[n % 2]}/api/auth/token/",
                                         data=json.dumps({"username": f"nobody{n}", "password": "x"}).encode(),
                                         # an address of its own, as nginx would pass it on (one proxy is
                                         # configured): the other tests' logins from 127.0.0.1 count too
                                         headers={"Content-Type": "application/json",
                                                  "X-Forwarded-For": "192.0.2.31"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answers.append(response.status)
        except urllib.error.HTTPError as exc:
            answers.append(exc.code)
    assert 429 not in answers[:30] and answers[30] == 429


def test_a_list_cached_by_one_server_is_served_by_the_other():
    """Through nginx (the key holds the address the browser asked for): the server that answers first renders
    and caches the list body in Redis; the other server answers the same page from that entry."""
    import redis

    store = redis.Redis.from_url(REDIS)
    browser = Browser()
    assert browser.login(NGINX, "ms_admin", PASSWORD)[0] == 302
    url = f"{NGINX}/org/?level=1&q=%E5%8F%B8%E6%B3%95"
    before = set(store.keys("sifasuo-lists:*"))
    status, headers, page_first = browser.request(url)
    assert status == 200
    made = set(store.keys("sifasuo-lists:*")) - before
    assert len(made) == 1, "the first server cached the list body in Redis"
    hits = store.info("stats")["keyspace_hits"]
    status, other, page_second = browser.request(url)
    assert status == 200 and other["X-Upstream"] != headers["X-Upstream"]     # round robin: the other server
    assert store.info("stats")["keyspace_hits"] > hits
    assert set(store.keys("sifasuo-lists:*")) - before == made                  # read, not made again
    body = re.compile(r"<tbody.*?</tbody>", re.S)
    assert body.findall(page_first) == body.findall(page_second) and "650000" in page_second

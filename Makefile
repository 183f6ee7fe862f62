# sifasuo — the two commands a newcomer runs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, or else the uv package of the machine's python3 (installed by `make install` if absent).
UV ?= $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Two processes: the machines here have two cores (pytest-xdist; browser tests run in parallel too).
PYTEST_ARGS ?= -n 2

.PHONY: help install lint demo serve test test-fast fuzz browser-deps doc-deps bench clean-demo test-replica test-servers

help:
	@echo "make demo    安装依赖、建立演示数据库并启动 http://$(HOST):$(PORT)"
	@echo "make test    安装依赖并运行全部测试"
	@echo "make install 安装依赖（可重复运行）"
	@echo "make bench   运行性能基准，写入 docs/benchmarks.md"
	@echo "make test-fast  不含浏览器测试"
	@echo "make lint    代码检查（ruff，规则见 pyproject.toml）"
	@echo "make clean-demo 删除演示数据库（下次 make demo 重建）"
	@echo "make test-servers 启动 Redis、两个 gunicorn 与 nginx 及省级、全国两套平台，运行多服务器与全国汇总测试"
	@echo "make test-replica 启动本机 PostgreSQL 主库与流复制备库，运行读副本测试（需 postgresql-15）"

# Idempotent set-up shared by every target: Python packages (uv, from uv.lock), front-end packages and
# the division-code data (npm, from package-lock.json), static files copied from node_modules.
install:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --user --quiet uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv \
		|| python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund; \
	fi
	$(RUN) python scripts/copy_assets.py

# Chromium from Debian for the browser tests (never a browser downloaded by a test tool), and a Chinese
# font so that pages (and screenshots) show characters, not boxes.
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -n "$$(fc-list :lang=zh 2>/dev/null)" ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# LibreOffice (Word to PDF for the recruitment documents), a Chinese font for its PDFs (without one the
# characters come out as boxes) and pdftotext, with which the tests read the PDFs back.
doc-deps:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi

# ruff over the Python code (rules in pyproject.toml, [tool.ruff.lint]); part of `make test`.
lint: install
	$(RUN) ruff check src tests bench scripts

demo: install
	$(RUN) sifasuo demo --host $(HOST) --port $(PORT)

test: install lint browser-deps doc-deps
	$(RUN) pytest $(PYTEST_ARGS)

test-fast: install lint
	$(RUN) pytest -m "not browser" $(PYTEST_ARGS)

# schemathesis over every operation of /api/schema/ (also part of `make test`): no request may end in a 5xx
fuzz: install
	$(RUN) pytest tests/integration/test_api_fuzz.py $(PYTEST_ARGS)

bench: install
	$(RUN) python -m bench.run

clean-demo:
	rm -f data/sifasuo.sqlite3 data/sifasuo.sqlite3-*

# --- Scaling past one machine (issue 19; docs/scaling.md) -----------------------------------------------
# A throw-away primary and streaming standby on 127.0.0.1 (ports from 55432), the replica tests against both.
REPLICA_DIR ?= /tmp/sifasuo-replica-$(shell id -u)
test-replica: install
	@scripts/pg-replica.sh stop $(REPLICA_DIR) >/dev/null 2>&1 || true
	scripts/pg-replica.sh start $(REPLICA_DIR)
	set -a; . $(REPLICA_DIR)/env; set +a; status=0; \
		$(RUN) pytest -m replica -n 0 -p no:cacheprovider tests/integration/test_replicas.py || status=$$?; \
		scripts/pg-replica.sh stop $(REPLICA_DIR); exit $$status

# Redis, two gunicorn servers and nginx in front of them on 127.0.0.1 (ports from 6390 and 8190), on the
# database of DATABASE_URL (SQLite in the temp dir when unset): the tests that log in on one and act on the
# other. And a province and a national installation (ports from 8290; PROVINCE_DATABASE_URL and
# NATIONAL_DATABASE_URL, SQLite when unset): the national roll-up between them.
SERVERS_DIR ?= /tmp/sifasuo-servers-$(shell id -u)
test-servers: install
	@scripts/multi-server.sh stop $(SERVERS_DIR) >/dev/null 2>&1 || true
	@scripts/two-installations.sh stop $(SERVERS_DIR)-rollup >/dev/null 2>&1 || true
	UV="$(UV)" scripts/multi-server.sh start $(SERVERS_DIR)
	UV="$(UV)" scripts/two-installations.sh start $(SERVERS_DIR)-rollup
	set -a; . $(SERVERS_DIR)/env; . $(SERVERS_DIR)-rollup/env; set +a; status=0; \
		$(RUN) pytest -m servers -n 0 -p no:cacheprovider tests/servers || status=$$?; \
		scripts/multi-server.sh stop $(SERVERS_DIR); scripts/two-installations.sh stop $(SERVERS_DIR)-rollup; \
		exit $$status

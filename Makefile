# Một Cửa — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint format migrate demo check bench

$(STAMP): requirements.in requirements-dev.in constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -r requirements.in -r requirements-dev.in -c constraints.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Cổng dịch vụ công: http://127.0.0.1:8000/   Một cửa điện tử: http://127.0.0.1:8000/mot-cua/"
	@echo "Cổng thanh toán thử nghiệm (VNPay, DVCQG): http://127.0.0.1:8765/"
	@# The payment sandbox runs beside the server and stops with it (Ctrl+C, an error, or the end).
	$(PY) -m motcua.payments.sandbox --port 8765 --merchant-url http://127.0.0.1:8000 & \
	SANDBOX_PID=$$!; trap 'kill $$SANDBOX_PID 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) bench/run_all.py

# The two set-up commands of the README: `make demo` and `make test`.
# Both work on a fresh Debian machine with python3: they create .venv and install what is needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-duckdb test-postgres lint typecheck bench clean pdf-tools browser java

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "chiso cần Python >= 3.11"'
	@$(PY) -m venv $(VENV) || (apt-get update -q && apt-get install -y -q python3-venv && $(PY) -m venv $(VENV))
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

# PDF reports (chiso report --format pdf) need LibreOffice's headless Writer, a Times-metric font with Vietnamese
# glyphs (Liberation Serif) and, for the PDF tests, poppler's pdftotext: installed from Debian only when missing.
pdf-tools:
	@command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends \
	    libreoffice-writer-nogui fonts-liberation2 poppler-utils) || \
	  echo "Chưa cài được LibreOffice: báo cáo vẫn ghi .docx; để có PDF hãy cài libreoffice-writer-nogui fonts-liberation2."

# Browser tests drive Debian's Chromium (Playwright never downloads a browser): installed only when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium) || \
	  echo "Chưa cài được Chromium: các bài kiểm thử trình duyệt sẽ được bỏ qua."

# The distributed engine's tests run PySpark in local mode, which needs Java ≥ 17: installed from Debian only when
# `java` is missing.
java:
	@command -v java >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q --no-install-recommends \
	  default-jre-headless) || \
	  echo "Chưa cài được Java: các bài kiểm thử Spark sẽ được bỏ qua."

demo: $(STAMP) pdf-tools
	$(BIN)/chiso demo --out demo-output

# The suite runs twice: on the embedded DuckDB store (the default), then on PostgreSQL (issue 7) in a throw-away
# cluster that scripts/test-postgres starts on a free loopback port and always stops. Both runs happen even when the
# first fails, so that one CI run shows the state of both backends; the target fails if either did.
test: $(STAMP) pdf-tools browser java
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	@status=0; \
	echo "== test suite on DuckDB"; $(BIN)/pytest -q -n 2 || status=1; \
	echo "== test suite on PostgreSQL"; scripts/test-postgres -q -n 2 || status=1; \
	exit $$status

test-duckdb: $(STAMP)
	$(BIN)/pytest -q -n 2

test-postgres: $(STAMP)
	scripts/test-postgres -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) chiso.duckdb demo-output .pytest_cache .mypy_cache .ruff_cache .pg-test

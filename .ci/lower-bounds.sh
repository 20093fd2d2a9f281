#!/usr/bin/env bash
# The lower bounds pyproject.toml declares, tested: a throwaway virtual environment with the
# lowest allowed version of every dependency (.ci/lower-bounds.txt), then the test suite
# without the browser, PostgreSQL and notebook tests (their tools are the [test] extra's).
#   .ci/lower-bounds.sh [PYTHON]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="${1:-python3}"
venv="$(mktemp -d /tmp/netmap-lower-bounds.XXXXXX)"
trap 'rm -rf "$venv"' EXIT
started=$SECONDS
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip >"$venv/pip.log" 2>&1 || { cat "$venv/pip.log"; exit 1; }
# lxml: what a dev install brings (openpyxl then keeps a cell's carriage return, which a test checks)
# and the [test] extra's own tools (not the code's dependencies, whose lowest versions are the point here)
"$venv/bin/python" -m pip install --quiet -r "$repo/.ci/lower-bounds.txt" lxml "pytest>=8" "hypothesis>=6.100" \
  "pytest-benchmark>=4" "cryptography>=41" "cell-key-perturbation==3.1.0" >"$venv/pip.log" 2>&1 \
  || { cat "$venv/pip.log"; exit 1; }
echo "lower-bounds: $("$venv/bin/python" --version), installed in $((SECONDS - started)) s"
cd "$repo"
unset NETMAP_TEST_PG_URL  # the PostgreSQL driver is the [postgres] extra's, not installed here
"$venv/bin/python" -m pytest -q -p no:cacheprovider -m "not browser and not postgres" \
  --ignore=tests/test_notebooks.py --ignore-glob="tests/test_browser_*.py"
echo "lower-bounds: passed in $((SECONDS - started)) s"

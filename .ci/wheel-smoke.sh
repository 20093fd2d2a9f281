#!/usr/bin/env bash
# The wheel, as a new user gets it: build it, install it in a fresh virtual environment
# outside the repository, and run the README's commands in an empty folder.
#
#   .ci/wheel-smoke.sh [PYTHON...]     (default: python3)
#
# For each interpreter: the core alone first (every command but the dashboard and PNG
# maps, and the dashboard's sentence naming the missing extra), then [dashboard] added
# and the dashboard started on 127.0.0.1 and asked for its pages.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
pythons=("$@")
[ ${#pythons[@]} -gt 0 ] || pythons=(python3)

export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/pip}"  # kept when HOME moves below
top="$(mktemp -d /tmp/netmap-wheel-smoke.XXXXXX)"
dash_pid=""
cleanup() {
  if [ -n "$dash_pid" ]; then kill "$dash_pid" 2>/dev/null || true; wait "$dash_pid" 2>/dev/null || true; fi
  rm -rf "$top"
}
trap cleanup EXIT

say() { printf 'wheel-smoke: %s\n' "$*"; }
fail() { printf 'wheel-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

started=$SECONDS
say "building the wheel"
# from a copy of the checkout's files: no build/ left in the clone, no stale file from an old build/
src="$top/src"; mkdir -p "$src"
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard \
     | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$src"
else
  cp -a "$repo/." "$src"
fi
"${pythons[0]}" -m pip wheel --quiet --no-deps --wheel-dir "$top/dist" "$src" >"$top/build.log" 2>&1 \
  || { cat "$top/build.log" >&2; fail "the wheel did not build"; }
wheel="$(ls "$top"/dist/netmap-*.whl)"
# the data a command needs is inside the wheel
"${pythons[0]}" -m zipfile -l "$wheel" >"$top/wheel-files.txt"
for f in netmap/data/taxonomy/domains.json netmap/data/taxonomy/services.json netmap/data/demo/KIR-2023-0001.json \
         netmap/py.typed dashboards/py.typed netmap/report/templates/ dashboards/assets/; do
  grep -q "^$f" "$top/wheel-files.txt" || fail "$f is not in $(basename "$wheel")"
done

smoke() {
  local py="$1" venv="$top/venv-$(basename "$1")" work="$top/work-$(basename "$1")"
  pip_install() {  # quiet unless it fails
    "$venv/bin/python" -m pip install --quiet "$@" >"$top/pip.log" 2>&1 || { cat "$top/pip.log" >&2; fail "pip install $*"; }
  }
  say "$("$py" --version) at $(command -v "$py")"
  "$py" -m venv "$venv"
  pip_install --upgrade pip
  pip_install "$wheel"  # the core and its declared dependencies only
  mkdir -p "$work" "$top/home"
  # an empty folder far from the clone; a home of its own (the default store lives under it)
  cd "$work"
  export HOME="$top/home" XDG_DATA_HOME="$top/home/.local/share" NETMAP_STORE="" PYTHONNOUSERSITE=1
  unset NETMAP_DATA NETMAP_TAXONOMY PYTHONPATH VIRTUAL_ENV
  local nm="$venv/bin/netmap"
  "$venv/bin/python" -c 'import netmap, sys; sys.exit(netmap.__file__.startswith(sys.argv[1]))' "$repo" \
    || fail "netmap was imported from the clone"
  ! "$venv/bin/python" -c 'import dash' 2>/dev/null || fail "the core pulled in Dash"
  ! "$venv/bin/python" -c 'import kaleido' 2>/dev/null || fail "the core pulled in kaleido"

  [[ "$("$nm" --version)" =~ ^netmap\ [0-9.]+$ ]] || fail "netmap --version"
  # the README's commands, in its order (its examples use the demo/ folder of the quick start)
  "$nm" synth --n 300 --seed 2024 -o demo >/dev/null
  "$nm" demo >out.txt && grep -q "situations fictives" out.txt || fail "netmap demo"
  "$nm" template -o situations.xlsx
  "$nm" validate situations.xlsx
  "$nm" import situations.xlsx >/dev/null
  "$nm" convert situations.xlsx out/ --format json >/dev/null
  "$nm" validate demo
  "$nm" import demo >/dev/null
  "$nm" store info >/dev/null
  "$nm" store list >/dev/null
  "$nm" convert demo demo.xlsx >/dev/null
  "$nm" validate demo.xlsx
  "$nm" convert demo.xlsx csv --format csv >/dev/null
  "$nm" assess demo --situation BRS-2023-0001 >out.txt && [ -s out.txt ] || fail "assess printed nothing"
  "$nm" assess demo.xlsx --situation BRS-2023-0001 >/dev/null
  "$nm" assess demo --situation BRS-2023-0001 --without mere >/dev/null
  # a closed pipe: no traceback
  "$nm" assess --json demo 2>"$work/pipe.err" | head -c 200 >/dev/null || true
  ! grep -q Traceback "$work/pipe.err" || fail "assess --json | head printed a traceback"
  "$nm" compare demo --situation BRS-2023-0001 >/dev/null
  "$nm" map demo --situation BRS-2023-0001 --at 2024-05-02 -o mai.svg
  grep -q "<svg" mai.svg || fail "map: no SVG"
  "$nm" map demo --situation BRS-2023-0001 -o carte.html
  "$nm" report situation demo --situation BRS-2023-0001 -o concertation.html
  grep -qi "<html" concertation.html || fail "report situation: no page"
  "$nm" aggregate caseload demo --service kirikou-cm --from 2024-01-01 --to 2024-12-31 --format csv >out.csv \
    && [ -s out.csv ] || fail "aggregate printed nothing"
  "$nm" report yearly demo --year 2024 --service kirikou-cm -o rapport-2024.html
  "$nm" backup copie.sqlite3 >/dev/null
  "$nm" synth --n 1000 --seed 7 -o "$work/synth" >/dev/null
  "$nm" demo --store "sqlite:///$work/demo.sqlite3" >out.txt && grep -q "situations fictives" out.txt \
    || fail "netmap demo --store"
  # without [dashboard]: a sentence naming the extra, no traceback
  if "$nm" dashboard demo --k 0 >"$work/no-dash.out" 2>&1; then fail "dashboard ran without Dash"; fi
  grep -q "optional part \[dashboard\]" "$work/no-dash.out" || fail "dashboard without Dash: $(cat "$work/no-dash.out")"
  ! grep -q Traceback "$work/no-dash.out" || fail "dashboard without Dash printed a traceback"
  say "core: every command ran ($((SECONDS - started)) s so far)"

  pip_install "${wheel}[dashboard]"
  printf 'un mot de passe assez long\n' | "$nm" dashboard --add-user alice --auth-file users.json >/dev/null
  local port
  port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$nm" dashboard demo --k 0 --port "$port" >"$work/dash.log" 2>&1 &
  dash_pid=$!
  "$venv/bin/python" - "$port" <<'EOF' || { cat "$work/dash.log" >&2; fail "dashboard did not answer"; }
import sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
deadline = time.monotonic() + 180
while True:
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            page = r.read().decode()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.5)
assert "_dash-config" in page or "dash" in page.lower(), "not the Dash page"
for path in ("/_dash-layout", "/_dash-dependencies"):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        assert r.status == 200, path
print("wheel-smoke: dashboard answered on", base)
EOF
  kill "$dash_pid"; wait "$dash_pid" 2>/dev/null || true; dash_pid=""
  cd "$repo"
  say "$("$py" --version): passed"
}

for py in "${pythons[@]}"; do smoke "$py"; done
say "passed in $((SECONDS - started)) s"

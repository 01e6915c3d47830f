#!/usr/bin/env bash
# The test suite on every supported Python, and on the newest dependencies
# pyproject.toml admits.  `make test-matrix` runs it; arguments pick sessions.
#
#   tools/test_matrix.sh [SESSION ...]   default: 3.10 3.12 3.13 newest newest-async
#
# 3.10 ... 3.13   the whole suite in a cached venv (.venv-3.10, ...) holding the
#                 exact dev pins.  3.11 is the main .venv, which `make pytest`
#                 already covers; name it here to run it again anyway.
# newest          the whole suite on Python 3.13 with boto3, botocore, moto (and
#                 the AWS CLI, which moves with botocore) upgraded to the newest
#                 releases the declared ranges allow, every run; the test tools
#                 stay at their dev pins, so only the dependencies change.  The
#                 asyncio client's tests are left to newest-async: aiobotocore
#                 holds botocore back to a range of its own.
# newest-async    tests/aio with the `async` extra upgraded the same way.
#
# Interpreters are found as pythonX.Y on PATH, then under pyenv; PYTHON_X_Y
# (e.g. PYTHON_3_10=/opt/py310/bin/python) overrides.  A missing interpreter
# fails the run when CI is set (CI has all four) and is otherwise skipped with a
# loud message, because `make test` promises a developer only Python >= 3.10.
#
# MATRIX_JOBS sessions run at once (default 2); PYTEST_ARGS is added to every
# pytest command line.
set -euo pipefail
cd "$(dirname "$0")/.."

SUPPORTED=(3.10 3.11 3.12 3.13)
NEWEST_ON=3.13

if [ "$#" -eq 0 ]; then set -- 3.10 3.12 3.13 newest newest-async; fi

python_of() {  # the Python version session $1 runs on
  case $1 in newest | newest-async) echo "$NEWEST_ON" ;; *) echo "$1" ;; esac
}

runs_as() {  # whether interpreter $1 exists and is Python $2 (pyenv shims may not be)
  [ -n "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$2" ]
}

find_python() {  # prints the interpreter for version $1, or nothing
  local override="PYTHON_${1//./_}" root candidate found=""
  if [ -n "${!override:-}" ]; then echo "${!override}"; return; fi
  if runs_as "$(command -v "python$1" || true)" "$1"; then command -v "python$1"; return; fi
  root=$( (pyenv root 2>/dev/null) || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  for candidate in "$root"/versions/"$1".*/bin/python; do
    # the glob sorts lexically: keep the last one that runs
    if runs_as "$candidate" "$1"; then found=$candidate; fi
  done
  echo "$found"
}

pins() {  # $1 python, $2 what: "tools" (dev pins of all but the dependencies) or a name
  "$1" - "$2" <<'EOF'
import re, sys, tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
def name(req):
    return re.split(r"[\[=<>!~; ]", req, maxsplit=1)[0].lower()
extras = project["optional-dependencies"]
# What the newest sessions upgrade: the dependencies and every extra but dev,
# plus the AWS CLI and aiohttp, whose releases follow botocore and aiobotocore.
moving = {name(r) for r in project["dependencies"]} | {"awscli", "aiohttp"}
moving |= {name(r) for extra, reqs in extras.items() if extra != "dev" for r in reqs}
for req in extras["dev"]:
    if (sys.argv[1] == "tools" and name(req) not in moving) or name(req) == sys.argv[1]:
        print(req)
EOF
}

versions() {  # the installed versions of what the newest sessions upgrade, with $1
  "$1" - <<'EOF'
import importlib.metadata as m
found = []
for d in ("boto3", "botocore", "moto", "awscli", "aiobotocore", "attrs", "cattrs", "tenacity"):
    try:
        found.append(f"{d} {m.version(d)}")
    except m.PackageNotFoundError:
        pass
print(", ".join(found))
EOF
}

build_venv() {  # $1 session, $2 interpreter, $3 venv dir
  local session=$1 python=$2 venv=$3 stamp="$3/.installed-stamp" tools
  case $session in newest*) ;; *)
    if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then return; fi ;;
  esac
  echo "== $session: installing into $venv"
  rm -f "$stamp"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || return 1
  "$venv/bin/python" -m pip install --quiet --upgrade pip || return 1
  case $session in
    newest | newest-async)
      mapfile -t tools < <(pins "$venv/bin/python" tools)
      local extras=testing more=awscli
      if [ "$session" = newest-async ]; then extras=testing,async more=aiohttp; fi
      # eager: every dependency to its newest allowed release, on every run
      "$venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager \
        -e ".[$extras]" "$more" "${tools[@]}" || return 1
      ;;
    *) "$venv/bin/python" -m pip install --quiet -e '.[dev]' || return 1 ;;
  esac
  touch "$stamp"
}

run_session() {  # $1 session: install if needed, then pytest; returns pytest's status
  local session=$1 venv=".venv-$1" python args=() pinned
  python=$(find_python "$(python_of "$session")")
  build_venv "$session" "$python" "$venv" || return 1
  case $session in
    newest*)
      echo "== $session: $(versions "$venv/bin/python")"
      pinned=$(pins "$venv/bin/python" botocore)
      if [ "$session" = newest ] && [ "botocore==$("$venv/bin/python" -c 'import botocore; print(botocore.__version__)')" != "$pinned" ]; then
        # The generated code is compared with the dev-pinned botocore's service
        # model; a newer model has new shapes by design.  The version sessions
        # check the generated code.
        echo "== $session: deselecting tests/test_generated_current.py: it compares the generated code with $pinned's service model, and this venv has a newer botocore"
        args+=(--deselect tests/test_generated_current.py)
      fi
      ;;
  esac
  case $session in
    newest)
      echo "== newest: not collecting tests/aio: aiobotocore holds botocore back; newest-async runs them"
      args+=(--ignore tests/aio)
      ;;
    newest-async) args+=(tests/aio) ;;
  esac
  echo "== $session: pytest on $("$venv/bin/python" -V)"
  # shellcheck disable=SC2086  # PYTEST_ARGS is a word list on purpose
  "$venv/bin/python" -m pytest -q -p no:cacheprovider "${args[@]}" ${PYTEST_ARGS:-}
}

declare -a sessions=() passed=() failed=() skipped=()
for session in "$@"; do
  version=$(python_of "$session")
  if [[ ! " ${SUPPORTED[*]} " == *" $version "* ]]; then
    echo "unknown session '$session' (supported: ${SUPPORTED[*]} newest newest-async)" >&2
    exit 2
  fi
  if [ -n "$(find_python "$version")" ]; then sessions+=("$session"); continue; fi
  msg="no Python $version interpreter (looked for python$version on PATH and under pyenv; set PYTHON_${version//./_})"
  if [ -n "${CI:-}" ] && [ "${CI}" != false ]; then
    echo "ERROR: $session: $msg; CI must test every supported Python" >&2
    failed+=("$session(no-python)")
    continue
  fi
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!! SKIPPED %s: %s\n' "$session" "$msg" >&2
  printf '!! CI runs it (and fails without it); install it to test here.\n' >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
  skipped+=("$session")
done

# Sessions run MATRIX_JOBS at a time (default: 2 where there are 2 cores or
# more; a session keeps about one core busy, and a timing test of the asyncio
# client needs its core); their outputs are shown whole, in order, at the end.
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs=${MATRIX_JOBS:-$((cores >= 2 ? 2 : 1))}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
start_all=$SECONDS
for session in "${sessions[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "== $session: started (its output follows when all sessions have ended)"
  (
    t=$SECONDS
    set +e
    run_session "$session" >"$logs/$session.log" 2>&1
    status=$?
    echo "$status" >"$logs/$session.status"
    echo $((SECONDS - t)) >"$logs/$session.time"
    echo "== $session: ended after $((SECONDS - t))s ($([ "$status" = 0 ] && echo passed || echo FAILED))"
  ) &
done
wait
for session in "${sessions[@]}"; do
  echo
  echo "======== $session ========"
  cat "$logs/$session.log"
  if [ "$(cat "$logs/$session.status")" = 0 ]; then
    passed+=("$session($(cat "$logs/$session.time")s)")
  else
    failed+=("$session($(cat "$logs/$session.time")s)")
  fi
done

echo
echo "== matrix in $((SECONDS - start_all))s: passed: ${passed[*]:-none}; failed: ${failed[*]:-none}; skipped: ${skipped[*]:-none}"
[ "${#failed[@]}" -eq 0 ]

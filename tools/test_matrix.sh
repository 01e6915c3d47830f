#!/usr/bin/env bash
# The test suite on every supported Python, and on the newest and the oldest
# dependencies pyproject.toml admits.  `make test-matrix` runs it; arguments
# pick sessions.
#
#   tools/test_matrix.sh [SESSION ...]   default: 3.10 3.12 3.13 newest oldest newest-async
#   tools/test_matrix.sh --oldest-constraints   print what oldest pins, with
#                                               $PYTHON (default python3)
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
# oldest          the whole suite, tests/aio included, on Python 3.10 with each
#                 direct dependency and those of every extra but dev (moto,
#                 aiobotocore, ...) at exactly its declared lower bound: a pip
#                 constraints file of name==bound generated from pyproject.toml,
#                 plus the AWS CLI release of that botocore; the test tools stay
#                 at their dev pins.  Cached in .venv-oldest, rebuilt whenever
#                 the constraints change.  The bounds must fit together (pip
#                 says which do not): aiobotocore's must admit botocore's, say.
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
OLDEST_ON=3.10
# The AWS CLI v1 release that pins botocore to botocore's lower bound (each
# release pins one botocore exactly; the emulator's AWS CLI tests need one).
# Raising botocore's bound means moving both: the constraints check they agree.
OLDEST_AWSCLI_FOR_BOTOCORE=1.43.3
OLDEST_AWSCLI=1.45.3
# What the tests import or run beyond the package and its extras (ruff formats
# the generated code they compare): oldest installs these at their dev pins,
# and none of the docs, typing or packaging tools.
TEST_TOOLS="pytest pytest-asyncio hypothesis typing-extensions ruff"

python_of() {  # the Python version session $1 runs on
  case $1 in
    newest | newest-async) echo "$NEWEST_ON" ;;
    oldest) echo "$OLDEST_ON" ;;
    *) echo "$1" ;;
  esac
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

pins() {  # $1 python, $2 what: "tools" (dev pins of all but the dependencies),
  # "test-tools" (dev pins of $TEST_TOOLS), "extras" (the extras but dev) or a name
  "$1" - "$2" "$TEST_TOOLS" <<'EOF'
import re, sys
try:
    import tomllib
except ImportError:  # Python 3.10: pip's own copy of tomli
    from pip._vendor import tomli as tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
def name(req):
    return re.split(r"[\[=<>!~; ]", req, maxsplit=1)[0].lower()
extras = project["optional-dependencies"]
# What the newest sessions upgrade: the dependencies and every extra but dev,
# plus the AWS CLI and aiohttp, whose releases follow botocore and aiobotocore.
moving = {name(r) for r in project["dependencies"]} | {"awscli", "aiohttp"}
moving |= {name(r) for extra, reqs in extras.items() if extra != "dev" for r in reqs}
what, test_tools = sys.argv[1], sys.argv[2].split()
if what == "extras":
    print(",".join(extra for extra in extras if extra != "dev"))
for req in extras["dev"]:
    if (
        (what == "tools" and name(req) not in moving)
        or (what == "test-tools" and name(req) in test_tools)
        or name(req) == what
    ):
        print(req)
EOF
}

oldest_constraints() {  # $1 python: name==lower-bound of each direct dependency
  # and of each extra but dev, plus the AWS CLI release of that botocore
  "$1" - "$OLDEST_AWSCLI_FOR_BOTOCORE" "$OLDEST_AWSCLI" <<'EOF'
import re, sys
try:
    import tomllib
except ImportError:  # Python 3.10: pip's own copy of tomli
    from pip._vendor import tomli as tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
awscli_botocore, awscli = sys.argv[1:]
extras = project["optional-dependencies"]
REQ = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*(\[[^]]*\])?\s*([^;]*)(;.*)?")

def bound(req):  # (name, lower bound); a dependency without one is a mistake here
    m = REQ.fullmatch(req)
    specs = [s.strip() for s in m.group(3).split(",")] if m else []
    lower = [s[2:].strip() for s in specs if s.startswith(">=")]
    if not m or len(lower) != 1:
        sys.exit(f"oldest: {req!r} declares no single lower bound (>=) to test")
    return m.group(1).lower(), lower[0]

def same(a, b):  # whether two release numbers are equal ("1.35" is "1.35.0")
    return re.sub(r"(\.0+)+$", "", a) == re.sub(r"(\.0+)+$", "", b)

floors = dict(map(bound, project["dependencies"]))
for extra, reqs in extras.items():
    if extra != "dev":
        floors.update(map(bound, reqs))
if not same(floors.get("botocore", ""), awscli_botocore):
    sys.exit(
        f"oldest: botocore's lower bound is {floors.get('botocore')}, but OLDEST_AWSCLI"
        f" ({awscli}) is the AWS CLI release of botocore {awscli_botocore}: set"
        " OLDEST_AWSCLI_FOR_BOTOCORE and OLDEST_AWSCLI in tools/test_matrix.sh to"
        " the new bound and the awscli release whose botocore pin it is"
    )
for name, floor in floors.items():
    print(f"{name}=={floor}")
print(f"awscli=={awscli}")
EOF
}

if [ "${1:-}" = --oldest-constraints ]; then
  oldest_constraints "${PYTHON:-python3}"
  exit
fi
if [ "$#" -eq 0 ]; then set -- 3.10 3.12 3.13 newest oldest newest-async; fi

versions() {  # the installed versions of what the newest sessions upgrade, with $1
  "$1" - <<'EOF'
import importlib.metadata as m
found = []
for d in ("boto3", "botocore", "moto", "awscli", "aiobotocore", "attrs", "cattrs", "tenacity", "dbos", "pyyaml"):
    try:
        found.append(f"{d} {m.version(d)}")
    except m.PackageNotFoundError:
        pass
print(", ".join(found))
EOF
}

build_venv() {  # $1 session, $2 interpreter, $3 venv dir
  local session=$1 python=$2 venv=$3 stamp="$3/.installed-stamp" tools want=""
  case $session in
    newest*) ;;
    oldest)
      # The stamp holds what was installed: the constraints and the tools' pins.
      want=$(oldest_constraints "$python" && pins "$python" test-tools) || return 1
      if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
      # From scratch: pip would keep a newer release a former venv holds of
      # something only a dependency asks for.
      rm -rf "$venv"
      ;;
    *) if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then return; fi ;;
  esac
  echo "== $session: installing into $venv"
  rm -f "$stamp"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || return 1
  "$venv/bin/python" -m pip install --quiet --upgrade pip || return 1
  case $session in
    newest | newest-async)
      mapfile -t tools < <(pins "$venv/bin/python" tools)
      local extras=testing,rollout more=awscli
      if [ "$session" = newest-async ]; then extras=testing,async more=aiohttp; fi
      # eager: every dependency to its newest allowed release, on every run
      "$venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager \
        -e ".[$extras]" "$more" "${tools[@]}" || return 1
      ;;
    oldest)
      oldest_constraints "$venv/bin/python" >"$venv/constraints.txt" || return 1
      mapfile -t tools < <(pins "$venv/bin/python" test-tools)
      echo "== oldest: constraints: $(paste -sd' ' "$venv/constraints.txt")"
      # Every extra but dev (so tests/aio run too), each at its lower bound.
      "$venv/bin/python" -m pip install --quiet -c "$venv/constraints.txt" \
        -e ".[$(pins "$venv/bin/python" extras)]" awscli "${tools[@]}" || return 1
      ;;
    *) "$venv/bin/python" -m pip install --quiet -e '.[dev]' || return 1 ;;
  esac
  if [ -n "$want" ]; then echo "$want" >"$stamp"; else touch "$stamp"; fi
}

run_session() {  # $1 session: install if needed, then pytest; returns pytest's status
  local session=$1 venv=".venv-$1" python args=() pinned botocore
  python=$(find_python "$(python_of "$session")")
  build_venv "$session" "$python" "$venv" || return 1
  case $session in
    newest* | oldest)
      echo "== $session: $(versions "$venv/bin/python")"
      pinned=$(pins "$venv/bin/python" botocore)
      botocore=$("$venv/bin/python" -c 'import botocore; print(botocore.__version__)')
      if [ "$session" != newest-async ] && [ "botocore==$botocore" != "$pinned" ]; then
        # The generated code is compared with the dev-pinned botocore's service
        # model; another model differs by design.  The version sessions check
        # the generated code.
        echo "== $session: deselecting tests/test_generated_current.py: it compares the generated code with $pinned's service model, and this venv has botocore $botocore"
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
    echo "unknown session '$session' (supported: ${SUPPORTED[*]} newest newest-async oldest)" >&2
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

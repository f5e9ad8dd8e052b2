# Shared harness of the end-to-end tests, sourced by tests/e2e/*_test.sh (not a test itself).
# Sourcing it sets TARN (absolute path of the binary given as $1), WORK (a temporary directory,
# removed on exit, also the current directory) and FAILURES, and defines the checks below.
set -u
TARN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
FAILURES=0

fail() {
  echo "FAIL: $1"
  FAILURES=$((FAILURES + 1))
}

# expect_output NAME EXPECTED_RC EXPECTED_STDOUT COMMAND...
expect_output() {
  local name="$1" expected_rc="$2" expected="$3"
  shift 3
  local actual rc
  actual="$("$@" 2>"$WORK/stderr")"
  rc=$?
  if [[ $rc -ne $expected_rc ]]; then
    fail "$name: exit code $rc, expected $expected_rc (stderr: $(cat "$WORK/stderr"))"
  elif [[ "$actual" != "$expected" ]]; then
    fail "$name: output differs"
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -20
  fi
}

# expect_stderr NAME EXPECTED_RC EXPECTED_STDERR_SUBSTRING COMMAND...
expect_stderr() {
  local name="$1" expected_rc="$2" expected="$3"
  shift 3
  local rc
  "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  rc=$?
  if [[ $rc -ne $expected_rc ]]; then
    fail "$name: exit code $rc, expected $expected_rc (stderr: $(cat "$WORK/stderr"))"
  elif ! grep -qF -- "$expected" "$WORK/stderr"; then
    fail "$name: stderr lacks '$expected'; got: $(cat "$WORK/stderr")"
  fi
}

# finish NAME: prints the outcome and exits non-zero when any check failed.
finish() {
  if [[ $FAILURES -ne 0 ]]; then
    echo "$1: $FAILURES check(s) failed"
    exit 1
  fi
  echo "$1: all checks passed"
}

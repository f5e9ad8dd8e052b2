#!/usr/bin/env bash
# End-to-end test of `tarn keys init|rotate|status`: starts the real binary ($1) in a temp directory
# and checks key file creation and permissions, rotation, the status table, the rotation warning,
# keys from TARN_MASTER_KEY, and that no command ever prints key material. Expected outputs follow
# the documented formats (docs/encryption.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
unset TARN_MASTER_KEY

# run NAME EXPECTED_RC COMMAND...: runs, keeps stdout/stderr in $WORK/out and $WORK/err (and appends
# both to $WORK/all for the key-leak check at the end).
run() {
  local name="$1" expected_rc="$2" rc
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  cat "$WORK/out" "$WORK/err" >>"$WORK/all"
  [[ $rc -eq $expected_rc ]] || fail "$name: exit code $rc, expected $expected_rc (stderr: $(cat "$WORK/err"))"
}
expect_out() { grep -qF -- "$2" "$WORK/out" || fail "$1: stdout lacks '$2'; got: $(cat "$WORK/out")"; }
expect_err() { grep -qF -- "$2" "$WORK/err" || fail "$1: stderr lacks '$2'; got: $(cat "$WORK/err")"; }

"$TARN" help keys | grep -q "^SYNOPSIS" || fail "help keys has no SYNOPSIS"
"$TARN" keys --help | grep -q "tarn keys rotate" || fail "keys --help lacks rotate"

# No key yet: status says how to make one.
run "status without key" 1 "$TARN" keys status
expect_err "status without key" "no master key: key file './tarn-data/keys/master.key' does not exist"
expect_err "status without key" "run 'tarn keys init'"

# init: default data dir, owner-only file and folder.
run "init" 0 "$TARN" keys init
expect_out "init" "created master key version 1 in ./tarn-data/keys/master.key (mode 0600)"
expect_out "init" "Back this file up and keep a copy away from the data directory"
[[ "$(stat -c %a tarn-data/keys/master.key)" == "600" ]] || fail "key file mode $(stat -c %a tarn-data/keys/master.key)"
[[ "$(stat -c %a tarn-data/keys)" == "700" ]] || fail "keys folder mode $(stat -c %a tarn-data/keys)"
run "init again" 1 "$TARN" keys init
expect_err "init again" "already exists; refusing to overwrite a master key"

# status: one current version, no lake yet, no warning.
run "status" 0 "$TARN" keys status
expect_out "status" "master keys from key file './tarn-data/keys/master.key'"
expect_out "status" "version  created (UTC)        age (days)  data keys"
grep -qE "^ +1  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}           0          -  current$" "$WORK/out" ||
  fail "status row: $(cat "$WORK/out")"
expect_out "status" "rotation period: 90 days"
[[ ! -s "$WORK/err" ]] || fail "status warned: $(cat "$WORK/err")"

# A key file readable by others is refused, naming the file and mode.
chmod 644 tarn-data/keys/master.key
run "loose mode" 1 "$TARN" keys status
expect_err "loose mode" "key file './tarn-data/keys/master.key' has mode 0644; it must be readable by its owner only"
run "loose mode rotate" 1 "$TARN" keys rotate
chmod 600 tarn-data/keys/master.key

# rotate: version 2 becomes current, version 1 stays; an existing (empty) lake is re-wrapped.
run "rotate without lake" 0 "$TARN" keys rotate
expect_out "rotate without lake" "created master key version 2 in ./tarn-data/keys/master.key"
expect_out "rotate without lake" "no encrypted lake in ./tarn-data: no data keys to re-wrap"
mkdir -p tarn-data/lake && echo "encryption on" >tarn-data/lake/.tarn-lake
run "rotate with lake" 0 "$TARN" keys rotate
expect_out "rotate with lake" "re-wrapped 0 data keys under master key version 3 (0 were on it already)"
run "rewrap only" 0 "$TARN" keys rotate --rewrap-only
expect_out "rewrap only" "re-wrapped 0 data keys under master key version 3"
grep -q "created master key" "$WORK/out" && fail "rewrap-only created a key"
[[ "$(stat -c %a tarn-data/keys/master.key)" == "600" ]] || fail "key file mode after rotate"
run "status after rotate" 0 "$TARN" keys status
[[ "$(grep -cE '^ +[0-9]+  ' "$WORK/out")" == "3" ]] || fail "expected 3 versions: $(cat "$WORK/out")"
grep -qE "^ +3  .*          0  current$" "$WORK/out" || fail "version 3 not current: $(cat "$WORK/out")"
grep -qE "^ +1  .*          0$" "$WORK/out" || fail "version 1 row: $(cat "$WORK/out")"

# --data-dir and --key-file elsewhere.
run "init elsewhere" 0 "$TARN" keys init --data-dir "$WORK/d2" --key-file "$WORK/secrets/lake.key"
[[ -f "$WORK/secrets/lake.key" && ! -e "$WORK/d2/keys" ]] || fail "--key-file not honoured"
run "status elsewhere" 0 "$TARN" keys status --data-dir "$WORK/d2" --key-file "$WORK/secrets/lake.key"
expect_out "status elsewhere" "master keys from key file '$WORK/secrets/lake.key'"

# An old key triggers the rotation warning (exit code still 0); the period is configurable.
old=$(($(date +%s) - 100 * 86400))
mkdir -p old/keys
printf 'tarn-keyring 1\nkey 1 %s %s\n' "$old" "$(printf '%064d' 7)" >old/keys/master.key
chmod 600 old/keys/master.key
run "old key" 0 "$TARN" keys status --data-dir old
expect_out "old key" "        100          -  current"
expect_err "old key" "warning: master key version 1 is 100 days old, past the rotation period of 90 days: run 'tarn keys rotate'"
run "old key, long period" 0 "$TARN" keys status --data-dir old --rotation-days 365
[[ ! -s "$WORK/err" ]] || fail "warned with a 365-day period: $(cat "$WORK/err")"
expect_out "old key, long period" "rotation period: 365 days"
run "bad period" 1 "$TARN" keys status --data-dir old --rotation-days 0

# Keys from the environment: status shows them, init and rotate refuse, bad values are named
# by position only.
env_key="$(printf 'ab%.0s' {1..32})"
TARN_MASTER_KEY="1:$env_key" run "env status" 0 "$TARN" keys status --data-dir nowhere
expect_out "env status" "master keys from environment variable TARN_MASTER_KEY"
expect_out "env status" "unknown"
TARN_MASTER_KEY="$env_key" run "env init" 1 "$TARN" keys init --data-dir nowhere
expect_err "env init" "TARN_MASTER_KEY is set"
TARN_MASTER_KEY="$env_key" run "env rotate" 1 "$TARN" keys rotate --data-dir nowhere
expect_err "env rotate" "add a new '<version>:<key>' entry"
TARN_MASTER_KEY="${env_key}zz" run "env bad" 1 "$TARN" keys status --data-dir nowhere
expect_err "env bad" "TARN_MASTER_KEY: entry 1 is neither 64 hex digits nor the base64 of 32 bytes"
[[ ! -e nowhere ]] || fail "commands with TARN_MASTER_KEY created files"

# No output ever contained key material.
for material in "$env_key" $(awk '$1 == "key" {print $4}' tarn-data/keys/master.key "$WORK/secrets/lake.key"); do
  grep -qF "$material" "$WORK/all" && fail "key material appeared in output"
  grep -qF "${material:0:16}" "$WORK/all" && fail "part of a key appeared in output"
done
[[ "$(awk '$1 == "key"' tarn-data/keys/master.key | wc -l)" == "3" ]] || fail "key file should hold 3 versions"

finish "keys e2e"

#!/usr/bin/env bash
# End-to-end: identities, tokens, secrets, pseudonymization in SQL and the audit trail with the
# real binary on a temporary data directory. Usage: security_test.sh path/to/tarn
source "$(dirname "$0")/lib.sh"
D="$WORK/data"
PASSWORD='pw-Secret-123 with spaces'
SECRET='k3y-Material-XYZ'

# First use creates the administrator and prints its token once, on stderr.
"$TARN" user list --data-dir "$D" >"$WORK/out" 2>"$WORK/err" || fail "first user list failed: $(cat "$WORK/err")"
grep -q "created the administrator 'admin'" "$WORK/err" || fail "no bootstrap message: $(cat "$WORK/err")"
ADMIN_TOKEN="$(grep -oE '^tarn_[0-9a-f]{64}$' "$WORK/err")"
[[ -n "$ADMIN_TOKEN" ]] || fail "no admin token on stderr"
grep -q '^admin .*active' "$WORK/out" || fail "admin not listed: $(cat "$WORK/out")"
[[ "$(stat -c %a "$D/security.db")" == 600 ]] || fail "security.db mode is $(stat -c %a "$D/security.db")"
"$TARN" user list --data-dir "$D" >/dev/null 2>"$WORK/err"
grep -q "created the administrator" "$WORK/err" && fail "bootstrap credential printed twice"

# Users and service principals.
expect_output "user create" 0 "created user 'ana' with roles analyst" \
  bash -c "printf '%s\n' '$PASSWORD' | '$TARN' user create ana --role analyst --password-stdin --data-dir '$D'"
expect_output "service create" 0 "created service 'loader' with roles ingest" \
  "$TARN" user create loader --service --role ingest --data-dir "$D"
expect_stderr "duplicate user" 1 "a principal named 'ana' already exists" \
  "$TARN" user create ana --data-dir "$D"
expect_stderr "bad user name" 1 "invalid user name 'a b'" "$TARN" user create "a b" --data-dir "$D"

# Tokens: only the token on stdout; listed by id, never shown again.
TOKEN="$("$TARN" token create loader --expires 30d --scope ingest --data-dir "$D" 2>"$WORK/err")"
[[ "$TOKEN" =~ ^tarn_[0-9a-f]{64}$ ]] || fail "token create printed '$TOKEN'"
TOKEN_ID="$(grep -oE 'tk_[0-9a-f]{16}' "$WORK/err")"
[[ -n "$TOKEN_ID" ]] || fail "token id not on stderr: $(cat "$WORK/err")"
"$TARN" token list --data-dir "$D" >"$WORK/out" 2>&1
grep -q "^$TOKEN_ID .*loader .*active .*ingest" "$WORK/out" || fail "token not listed: $(cat "$WORK/out")"
grep -q "${TOKEN#tarn_}" "$WORK/out" && fail "token list shows the token"
expect_output "token revoke" 0 "revoked token $TOKEN_ID" "$TARN" token revoke "$TOKEN_ID" --data-dir "$D"
"$TARN" token list --data-dir "$D" | grep -q "^$TOKEN_ID .*revoked" || fail "token not revoked"
expect_stderr "revoke unknown" 1 "no token with id 'tk_nope'" "$TARN" token revoke tk_nope --data-dir "$D"
expect_stderr "bad expiry" 1 "invalid duration '3w'" "$TARN" token create ana --expires 3w --data-dir "$D"
expect_output "user disable" 0 "disabled 'ana': its password and tokens no longer work" \
  "$TARN" user disable ana --data-dir "$D"
"$TARN" user list --data-dir "$D" | grep -q '^ana .*disabled' || fail "ana not disabled"
expect_stderr "token for disabled" 1 "principal 'ana' is disabled" "$TARN" token create ana --data-dir "$D"

# Secrets: value from stdin, list shows names only.
expect_output "secret set" 0 "stored secret 'pseudonym_key' (16 bytes, sealed)" \
  bash -c "printf '%s' '$SECRET' | '$TARN' secret set pseudonym_key --data-dir '$D'"
"$TARN" secret list --data-dir "$D" >"$WORK/out" 2>&1
grep -q '^pseudonym_key ' "$WORK/out" || fail "secret not listed: $(cat "$WORK/out")"
grep -q "$SECRET" "$WORK/out" && fail "secret list shows the value"

# GDPR pseudonymization: same input, same pseudonym; the value from openssl for the same key.
printf 'email\nalice@example.com\nbob@example.com\nalice@example.com\n' >"$WORK/users.csv"
EXPECTED_ALICE="$(printf 'alice@example.com' | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $2}')"
EXPECTED_BOB="$(printf 'bob@example.com' | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $2}')"
expect_output "pseudonyms" 0 "$(printf 'p\n%s\n%s\n%s' "$EXPECTED_ALICE" "$EXPECTED_BOB" "$EXPECTED_ALICE")" \
  "$TARN" sql --data-dir "$D" --format csv \
  -c "SELECT hmac_sha256(email, secret('pseudonym_key')) AS p FROM '$WORK/users.csv'"
expect_stderr "unknown secret" 1 "secret 'nope' does not exist" \
  "$TARN" sql --data-dir "$D" -c "SELECT secret('nope')"
expect_stderr "secret without data dir" 1 "only available to the local administrator" \
  "$TARN" sql -c "SELECT secret('pseudonym_key')"
"$TARN" sql --data-dir "$D" -c "EXPLAIN SELECT hmac_sha256('x', secret('pseudonym_key'))" >"$WORK/out" 2>&1
grep -q "$SECRET" "$WORK/out" && fail "EXPLAIN shows the secret"
expect_output "secret delete" 0 "deleted secret 'pseudonym_key'" \
  "$TARN" secret delete pseudonym_key --data-dir "$D"

# The audit trail: every command above, verifiable, readable by the administrator.
expect_output "audit verify" 0 "audit log verified: $(grep -c '"seq"' "$D"/audit/segment-*.log) entries, $(grep -c '"digest_seq"' "$D"/audit/segment-*.log) signed digests" \
  "$TARN" audit verify --data-dir "$D"
"$TARN" audit show --data-dir "$D" >"$WORK/show" 2>&1 || fail "audit show failed: $(cat "$WORK/show")"
for action in user.bootstrap user.create token.create token.issued token.revoke user.disable \
  secret.set secret.delete "query SELECT" audit.verify; do
  grep -q ": $action -> " "$WORK/show" || fail "audit show lacks $action"
done
grep -q "statement: SELECT hmac_sha256(email, secret('pseudonym_key')) AS p" "$WORK/show" ||
  fail "audit show lacks the SQL statement"
grep -q "user.create -> error" "$WORK/show" || fail "failed command not audited as error"
grep -q ": query SELECT -> error" "$WORK/show" || fail "failed statement not audited as error"

# No secret, password or token anywhere on disk or in what the administrator sees.
for needle in "$SECRET" "$PASSWORD" "${TOKEN#tarn_}" "${ADMIN_TOKEN#tarn_}" "alice@example.com"; do
  if grep -rqF -- "$needle" "$D"; then fail "'$needle' found on disk: $(grep -rlF -- "$needle" "$D")"; fi
done
for needle in "$SECRET" "$PASSWORD" "${TOKEN#tarn_}" "${ADMIN_TOKEN#tarn_}"; do
  grep -qF -- "$needle" "$WORK/show" && fail "audit show reveals '$needle'"
done

# Tampering: each kind is named by verify (exit 1).
SEGMENT="$D/audit/segment-000001.log"
cp "$SEGMENT" "$WORK/segment.orig"
LINE="$(grep -n '^{"seq":3,' "$SEGMENT" | cut -d: -f1)"
sed -i "${LINE}s/\"outcome\":\"[a-z]*\"/\"outcome\":\"denied\"/" "$SEGMENT"
expect_stderr "altered entry" 1 "entry 3 at segment-000001.log:$LINE was altered" \
  "$TARN" audit verify --data-dir "$D"
cp "$WORK/segment.orig" "$SEGMENT"
sed -i "$(grep -n '^{"seq":5,' "$SEGMENT" | cut -d: -f1)d" "$SEGMENT"
expect_stderr "deleted entry" 1 "entry 5 is missing before" "$TARN" audit verify --data-dir "$D"
cp "$WORK/segment.orig" "$SEGMENT"
DIGEST_LINE="$(grep -n '"digest_seq"' "$SEGMENT" | head -1 | cut -d: -f1)"
sed -i "${DIGEST_LINE}s/\"entries\":[0-9]*/\"entries\":99/" "$SEGMENT"
expect_stderr "forged digest" 1 "digest at segment-000001.log:$DIGEST_LINE has a broken signature" \
  "$TARN" audit verify --data-dir "$D"
cp "$WORK/segment.orig" "$SEGMENT"
head -n 4 "$WORK/segment.orig" >"$SEGMENT"
expect_stderr "truncated" 1 "the log was truncated" "$TARN" audit verify --data-dir "$D"
expect_stderr "writers refuse a truncated log" 1 "was truncated" "$TARN" user list --data-dir "$D"
cp "$WORK/segment.orig" "$SEGMENT"
expect_output "restored" 0 "$(printf 'audit log verified: %s entries, %s signed digests' \
  "$(grep -c '"seq"' "$SEGMENT")" "$(grep -c '"digest_seq"' "$SEGMENT")")" \
  "$TARN" audit verify --data-dir "$D"

finish security_test

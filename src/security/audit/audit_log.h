// The audit trail (CloudTrail-style): every request and query a front end serves is recorded here,
// in an append-only, hash-chained log with periodic Ed25519-signed digests, so `tarn audit verify`
// detects any entry altered, deleted, inserted or reordered. Front ends call Record() once per
// request or statement, after it finished.
//
// On disk (<data-dir>/audit/):
//   segment-<6 digits>.log  one JSON object per line: entries and digests, oldest first
//   head                    the latest digest (catches truncation of the newest segment)
//   signing.key             Ed25519 private key, sealed (ValueSealer purpose "audit"), mode 0600
//   signing.pub             its public key (hex)
// Entry line: {"seq":N,"time":"2026-12-01T20:54:13.123456Z","request_id":…,"principal":…,
//   "kind":…,"source":…,"action":…,"objects":<sealed>,"statement":<sealed>,"outcome":…,
//   "code":…,"detail":<sealed>,"rows":N,"bytes":N,"hash":"<hex>"}
// ("code" is absent from entries written before it existed; readers treat it as "".)
// hash = SHA-256(previous entry's hash (32 bytes; zeros for the first) | the line up to ',"hash"'),
// so every member, sealed or not, is covered by the chain.
// Fields that hold data (objects, statement, error detail) are sealed, so no plaintext data,
// SQL or error text is on disk. Object names are sealed too: table, user and secret names can
// themselves be confidential ("hr.layoffs_2027"); administrators read and filter them decrypted
// through `tarn audit show` and SELECT ... FROM tarn_audit_log() (server/query/audit_table.h). Digest line: {"digest":{"seq":N,"hash":<hash of entry N>,
//   "time":…,"entries":K},"signature":"<hex Ed25519 over the digest object's text>"}.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/encryption/keyring.h"

namespace tarn::security {

// One audited event. Never put secrets, passwords or tokens in any field.
struct AuditEntry {
  int64_t time_micros = 0;        // unix microseconds; 0 = now
  std::string request_id;         // matches the request id in logs and responses
  std::string principal;          // name of who acted ("local-admin" for the CLI)
  std::string principal_kind;     // "user", "service", "local", "anonymous"
  std::string source_address;     // "127.0.0.1:53422", "cli"
  std::string action;             // "query", "user.create", "token.revoke", "http POST /v1/query"
  // Objects touched, "<kind>:<name>" or, for SQL statements, "<kind>:<name>:<OPERATION>":
  // "table:sales.orders:SELECT", "secret:pepper:USAGE", "user:bob" (sealed on disk).
  std::vector<std::string> objects;
  std::string statement;          // SQL text when there is one (sealed on disk)
  std::string outcome;            // "success", "denied", "error"
  std::string error_code;         // machine-readable code of a failure ("permission_denied"), or ""
  std::string detail;             // error message on failure (sealed on disk)
  int64_t rows = -1;              // rows returned or changed; -1 = not applicable
  int64_t bytes = -1;             // bytes returned; -1 = not applicable
};

// A decrypted entry as `tarn audit show` prints it.
struct StoredAuditEntry {
  int64_t seq = 0;
  AuditEntry entry;
};

struct AuditOptions {
  int64_t digest_every = 1000;                 // entries between signed digests
  uint64_t segment_bytes = 64ull << 20;        // a new segment starts past this size
  bool sync_each_entry = false;                // fdatasync after every entry (else at digests)
};

// Thread-safe: Record may be called from many threads; entries are serialized under a mutex and,
// across processes (CLI and server on one data directory), under an flock on the segment, so the
// chain stays linear. Borrows the keyring, which must outlive the log. Throws Error(kIoError) on
// write failures (an unrecordable request must fail, not pass unaudited).
class AuditLog {
 public:
  // Opens (creating on first use, with a new signing key) the audit log of 'data_dir'.
  static std::unique_ptr<AuditLog> Open(const std::string& data_dir,
                                        const storage::Keyring& keyring, AuditOptions options = {});
  // Writes a digest for entries not yet covered and syncs.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends one entry (and a digest every options.digest_every entries).
  void Record(const AuditEntry& entry);
  // Writes a signed digest covering every entry so far (if any is uncovered) and syncs.
  void Flush();

 private:
  struct State;
  explicit AuditLog(std::unique_ptr<State> state);
  std::mutex mutex_;
  std::unique_ptr<State> state_;
};

// The result of checking a log: 'ok', or the first problem found, naming the entry (sequence number
// and file:line) and what happened to it.
struct AuditVerifyResult {
  bool ok = true;
  int64_t entries = 0;  // entries checked
  int64_t digests = 0;  // digests whose signature was checked
  std::string problem;  // "entry 17 (segment-000001.log:18) was altered: its hash does not match"
};

// Checks every segment of <data_dir>/audit: the hash chain, sequence numbers, digest signatures
// and the head. With a keyring, also checks that signing.pub belongs to the sealed signing key (a
// swapped public key cannot validate forged digests). Reads only; throws Error(kIoError) when the
// directory cannot be read.
AuditVerifyResult VerifyAuditLog(const std::string& data_dir, const storage::Keyring* keyring);

// Returns the decrypted entries with time >= since_micros, oldest first. Throws Error(kCorrupt)
// for a malformed line.
std::vector<StoredAuditEntry> ReadAuditLog(const std::string& data_dir,
                                           const storage::Keyring& keyring, int64_t since_micros);

}  // namespace tarn::security

// `tarn audit verify|show`: check the integrity of the audit trail and read it (security/audit).
#include <fmt/format.h>

#include <chrono>

#include "cli/help_formatter.h"
#include "cli/security_commands.h"
#include "common/error.h"
#include "security/audit/audit_line.h"

namespace tarn::cli {
namespace {

struct AuditArguments {
  storage::LakeOptions lake;
  std::string since;
};

// "2026-12-01", "2026-12-01T10:00:00" or a duration back from now ("1h", "7d").
int64_t ParseSince(const std::string& text) {
  if (text.empty()) return 0;
  if (std::optional<int64_t> time = security::ParseAuditTime(text)) return *time;
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  try {
    return now - security::ParseDuration(text) * 1000000;
  } catch (const Error&) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid --since '{}': expected a date (2026-12-01), a time "
                            "(2026-12-01T10:00:00, UTC) or a duration back from now (1h, 7d)",
                            text));
  }
}

void RunVerify(const AuditArguments& arguments) {
  std::unique_ptr<storage::Keyring> keyring;
  try {
    keyring = storage::Keyring::Open(arguments.lake.ResolvedKeyFile());
  } catch (const Error&) {
    // Without the keyring the digests still check against signing.pub.
  }
  security::AuditVerifyResult result =
      security::VerifyAuditLog(arguments.lake.data_dir, keyring.get());
  if (!result.ok) {
    fmt::print(stderr, "audit log verification FAILED: {}\n", result.problem);
    throw CLI::RuntimeError(1);
  }
  fmt::print("audit log verified: {} entries, {} signed digests{}\n", result.entries,
             result.digests, keyring == nullptr ? " (signing key not checked: no keyring)" : "");
  if (keyring != nullptr) {
    DataDirSecurity security(arguments.lake);
    security.Record("audit.verify", {}, nullptr);
  }
}

void RunShow(const AuditArguments& arguments) {
  int64_t since = ParseSince(arguments.since);
  RunAudited(arguments.lake, "audit.show", {}, [&](DataDirSecurity& security) {
    for (const auto& stored : security::ReadAuditLog(security.data_dir(), security.keyring(), since)) {
      const security::AuditEntry& entry = stored.entry;
      fmt::print("#{} {} {} ({}) from {} request {}: {} -> {}", stored.seq,
                 security::FormatAuditTime(entry.time_micros), entry.principal,
                 entry.principal_kind, entry.source_address, entry.request_id, entry.action,
                 entry.outcome);
      if (!entry.error_code.empty()) fmt::print(" ({})", entry.error_code);
      if (entry.rows >= 0) fmt::print(", {} rows", entry.rows);
      if (entry.bytes >= 0) fmt::print(", {} bytes", entry.bytes);
      fmt::print("\n");
      if (!entry.objects.empty()) fmt::print("    objects: {}\n", fmt::join(entry.objects, ", "));
      if (!entry.statement.empty()) fmt::print("    statement: {}\n", entry.statement);
      if (!entry.detail.empty()) fmt::print("    detail: {}\n", entry.detail);
    }
  });
}

}  // namespace

void AddAuditCommand(CLI::App& app) {
  CLI::App* audit = app.add_subcommand("audit", "verify and read the audit trail");
  audit->require_subcommand(1);
  SetCommandHelp(audit, {
      "tarn audit verify [--data-dir DIR] [--key-file FILE]\n"
      "tarn audit show [--since TIME] [--data-dir DIR] [--key-file FILE]",
      "Every request to `tarn serve`, every statement of `tarn sql --data-dir` and every\n"
      "administration command is recorded in <data-dir>/audit/: who, from where, what, on\n"
      "which objects, the outcome and its error code, rows and bytes. Administrators also read\n"
      "it with SQL: SELECT * FROM tarn_audit_log(). Entries are JSON lines; the fields holding\n"
      "data (objects, SQL text, error detail) are sealed under the master key. Each entry\n"
      "carries SHA-256(previous entry's hash | its own text), and every 1000 entries (and\n"
      "when a process closes the log) a digest of the chain is signed with an Ed25519 key kept\n"
      "sealed beside the log (public key: audit/signing.pub). Secrets, passwords and tokens\n"
      "are never recorded.\n"
      "\n"
      "verify checks the chain, the numbering, every digest signature and the head digest,\n"
      "and exits 1 naming the first entry that was altered, deleted, inserted or reordered,\n"
      "a log cut short, or a forged digest. show prints the decrypted entries (for the local\n"
      "administrator), optionally from --since on: a date, a UTC time or a duration back from\n"
      "now (1h, 7d).",
      "tarn audit verify --data-dir /srv/tarn-data\n"
      "tarn audit show --since 1h",
  });
  auto arguments = std::make_shared<AuditArguments>();

  CLI::App* verify = audit->add_subcommand("verify", "check the audit trail's integrity");
  AddSecurityOptions(verify, arguments->lake);
  verify->callback([arguments]() { RunVerify(*arguments); });

  CLI::App* show = audit->add_subcommand("show", "print decrypted audit entries");
  AddSecurityOptions(show, arguments->lake);
  show->add_option("--since", arguments->since, "from this date, UTC time or duration ago")
      ->type_name("TIME");
  show->callback([arguments]() { RunShow(*arguments); });
}

}  // namespace tarn::cli

// Reading the audit log back: `tarn audit verify` (VerifyAuditLog) and `tarn audit show`
// (ReadAuditLog).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "security/audit/audit_line.h"
#include "security/audit/audit_log.h"
#include "security/audit/audit_segment.h"
#include "security/audit/audit_signer.h"
#include "security/sha256.h"
#include "storage/encryption/value_sealer.h"

namespace tarn::security {
namespace {

// One line of the log with where it stands.
struct LogLine {
  std::string location;  // "segment-000001.log:17"
  std::string text;
  bool torn = false;  // the file ended inside this line
  std::optional<std::vector<AuditField>> fields;
};

std::string ReadWhole(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw Error(ErrorCode::kIoError, "cannot open audit file").At({path, 0, 0, -1});
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

// Every line of every segment, oldest first; 'problem' names a missing segment.
std::vector<LogLine> ReadLines(const std::string& audit_dir, std::string* problem) {
  std::vector<LogLine> lines;
  std::vector<int> segments = ListAuditSegments(audit_dir);
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i] != static_cast<int>(i) + 1 && problem != nullptr && problem->empty()) {
      *problem = fmt::format("segment-{:06}.log is missing (deleted)", i + 1);
    }
    std::string path = AuditSegmentPath(audit_dir, segments[i]);
    std::string name = std::filesystem::path(path).filename().string();
    std::string text = ReadWhole(path);
    size_t start = 0;
    int64_t number = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      LogLine line;
      line.location = fmt::format("{}:{}", name, ++number);
      line.torn = end == std::string::npos;
      if (line.torn) end = text.size();
      line.text = text.substr(start, end - start);
      line.fields = ParseAuditLine(line.text);
      lines.push_back(std::move(line));
      start = end + 1;
    }
  }
  return lines;
}

std::string_view Text(const std::vector<AuditField>& fields, std::string_view name) {
  const AuditField* field = FindField(fields, name);
  return field != nullptr && field->is_string ? std::string_view(field->text) : std::string_view();
}

int64_t Number(const std::vector<AuditField>& fields, std::string_view name, int64_t fallback) {
  const AuditField* field = FindField(fields, name);
  return field != nullptr && !field->is_string ? field->number : fallback;
}

bool IsDigest(const std::vector<AuditField>& fields) {
  return FindField(fields, "digest_seq") != nullptr;
}

// Checks one digest line's signature and its agreement with the chain; returns the problem.
std::string CheckDigest(const LogLine& line, const std::optional<Ed25519PublicKey>& key,
                        int64_t last_seq, const Sha256Digest& last_hash) {
  const auto& fields = *line.fields;
  size_t member = line.text.rfind(kSignatureMember);
  if (!key) return fmt::format("digest at {} cannot be checked: signing.pub is missing", line.location);
  if (member == std::string::npos ||
      !VerifyAuditSignature(*key, std::string_view(line.text).substr(0, member),
                            Text(fields, "signature"))) {
    return fmt::format("digest at {} has a broken signature (forged or altered)", line.location);
  }
  int64_t covered = Number(fields, "digest_seq", -1);
  if (covered == last_seq + 1) {
    return fmt::format("entry {} is missing before the digest at {} (deleted)", covered,
                       line.location);
  }
  if (covered > last_seq) {
    return fmt::format("entries {} to {} are missing before the digest at {} (deleted)",
                       last_seq + 1, covered, line.location);
  }
  if (covered < last_seq) {
    return fmt::format(
        "the digest at {} covers entries up to {}, but {} entries precede it: an entry was "
        "inserted",
        line.location, covered, last_seq);
  }
  if (Text(fields, "digest_hash") != HexEncode(last_hash)) {
    return fmt::format(
        "the digest at {} does not match the chain: an entry up to {} was altered and re-hashed",
        line.location, covered);
  }
  return {};
}

}  // namespace

AuditVerifyResult VerifyAuditLog(const std::string& data_dir, const storage::Keyring* keyring) {
  AuditVerifyResult result;
  std::string audit_dir = AuditDirectory(data_dir);
  auto fail = [&](std::string problem) {
    result.ok = false;
    result.problem = std::move(problem);
    return result;
  };
  if (!std::filesystem::exists(audit_dir)) return result;
  std::optional<Ed25519PublicKey> key = ReadAuditPublicKey(audit_dir);
  if (keyring != nullptr) {
    auto signer = AuditSigner::Load(audit_dir, *keyring);
    if (signer != nullptr && (!key || signer->public_key() != *key)) {
      return fail("signing.pub does not belong to the sealed signing key (replaced)");
    }
  }
  std::string missing_segment;
  std::vector<LogLine> lines = ReadLines(audit_dir, &missing_segment);
  if (!missing_segment.empty()) return fail(missing_segment);

  // Where each entry number occurs first, to tell a reordered entry from a deleted one.
  std::map<int64_t, size_t> first_position;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].fields && !IsDigest(*lines[i].fields)) {
      first_position.emplace(Number(*lines[i].fields, "seq", -1), i);
    }
  }
  int64_t last_seq = 0;
  Sha256Digest last_hash{};
  std::set<std::pair<int64_t, std::string>> digests;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LogLine& line = lines[i];
    if (!line.fields || line.torn) {
      return fail(fmt::format("line {} is malformed (torn write or tampering)", line.location));
    }
    const auto& fields = *line.fields;
    if (IsDigest(fields)) {
      std::string problem = CheckDigest(line, key, last_seq, last_hash);
      if (!problem.empty()) return fail(problem);
      digests.emplace(last_seq, HexEncode(last_hash));
      ++result.digests;
      continue;
    }
    int64_t seq = Number(fields, "seq", -1);
    int64_t expected = last_seq + 1;
    if (seq > expected) {
      auto found = first_position.find(expected);
      if (found != first_position.end() && found->second > i) {
        return fail(fmt::format("entry {} at {} is out of order: entry {} comes after it "
                                "(reordered)",
                                seq, line.location, expected));
      }
      return fail(fmt::format("entry {} is missing before {} (deleted)", expected, line.location));
    }
    if (seq < expected) {
      return fail(fmt::format("the entry at {} repeats number {} after entry {} (inserted or "
                              "reordered)",
                              line.location, seq, last_seq));
    }
    size_t member = line.text.rfind(kHashMember);
    Sha256Digest hash = Sha256(
        {std::string_view(reinterpret_cast<const char*>(last_hash.data()), last_hash.size()),
         std::string_view(line.text).substr(0, member == std::string::npos ? 0 : member)});
    if (member == std::string::npos || Text(fields, "hash") != HexEncode(hash)) {
      return fail(fmt::format("entry {} at {} was altered: its hash does not match its content "
                              "and the chain",
                              seq, line.location));
    }
    last_seq = seq;
    last_hash = hash;
    ++result.entries;
  }
  // The head holds the newest digest: a log cut short before it is caught here.
  std::string head_path = audit_dir + "/head";
  if (!std::filesystem::exists(head_path)) {
    if (result.digests > 0) return fail("the head file is missing (deleted)");
    return result;
  }
  std::string head = ReadWhole(head_path);
  while (!head.empty() && head.back() == '\n') head.pop_back();
  LogLine head_line{"head", head, false, ParseAuditLine(head)};
  if (!head_line.fields || !IsDigest(*head_line.fields)) return fail("the head file is malformed");
  int64_t head_seq = Number(*head_line.fields, "digest_seq", -1);
  if (head_seq > last_seq) {
    return fail(fmt::format("the log was truncated: the head digest covers entries up to {} but "
                            "the log ends at entry {}",
                            head_seq, last_seq));
  }
  size_t member = head.rfind(kSignatureMember);
  if (!key || member == std::string::npos ||
      !VerifyAuditSignature(*key, std::string_view(head).substr(0, member),
                            Text(*head_line.fields, "signature"))) {
    return fail("the head digest has a broken signature (forged or altered)");
  }
  if (!digests.contains({head_seq, std::string(Text(*head_line.fields, "digest_hash"))})) {
    return fail(fmt::format("the head digest (entry {}) matches no digest in the log", head_seq));
  }
  return result;
}

std::vector<StoredAuditEntry> ReadAuditLog(const std::string& data_dir,
                                           const storage::Keyring& keyring, int64_t since_micros) {
  std::vector<StoredAuditEntry> out;
  std::string audit_dir = AuditDirectory(data_dir);
  if (!std::filesystem::exists(audit_dir)) return out;
  storage::ValueSealer sealer(keyring, "audit");
  for (const LogLine& line : ReadLines(audit_dir, nullptr)) {
    if (!line.fields) {
      throw Error(ErrorCode::kCorrupt, "malformed audit line").At({line.location, 0, 0, -1});
    }
    const auto& fields = *line.fields;
    if (IsDigest(fields)) continue;
    StoredAuditEntry stored;
    stored.seq = Number(fields, "seq", 0);
    AuditEntry& entry = stored.entry;
    std::optional<int64_t> time = ParseAuditTime(Text(fields, "time"));
    entry.time_micros = time.value_or(0);
    if (entry.time_micros < since_micros) continue;
    std::string context = "audit entry " + std::to_string(stored.seq);
    auto open = [&](std::string_view field) {
      std::string_view sealed = Text(fields, field);
      if (sealed.empty()) return std::string();
      try {
        return sealer.Open(sealed, context + " " + std::string(field));
      } catch (const Error& error) {
        throw Error(error.code(), "audit field " + std::string(field) + " does not open: " +
                                      error.message())
            .At({line.location, 0, 0, -1});
      }
    };
    entry.request_id = Text(fields, "request_id");
    entry.principal = Text(fields, "principal");
    entry.principal_kind = Text(fields, "kind");
    entry.source_address = Text(fields, "source");
    entry.action = Text(fields, "action");
    std::string objects = open("objects");
    size_t start = 0;
    while (start < objects.size()) {
      size_t end = objects.find('\n', start);
      if (end == std::string::npos) end = objects.size();
      entry.objects.push_back(objects.substr(start, end - start));
      start = end + 1;
    }
    entry.statement = open("statement");
    entry.outcome = Text(fields, "outcome");
    entry.error_code = Text(fields, "code");
    entry.detail = open("detail");
    entry.rows = Number(fields, "rows", -1);
    entry.bytes = Number(fields, "bytes", -1);
    out.push_back(std::move(stored));
  }
  return out;
}

}  // namespace tarn::security

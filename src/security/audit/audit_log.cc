// Appending to the audit log: one writer at a time across threads (mutex) and processes (flock on
// the current segment). Before each append the writer reads whatever other processes appended
// since its last look, so the chain continues from the true last entry.
#include "security/audit/audit_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "security/audit/audit_line.h"
#include "security/audit/audit_segment.h"
#include "security/audit/audit_signer.h"
#include "security/sha256.h"
#include "storage/encryption/value_sealer.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string JoinLines(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '\n';
    out += values[i];
  }
  return out;
}

// Holds an flock for its lifetime.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) throw Error(ErrorCode::kIoError, "cannot lock the audit log");
    }
  }
  ~FileLock() { ::flock(fd_, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

struct AuditLog::State {
  State(const storage::Keyring& keyring) : sealer(keyring, "audit") {}
  ~State() {
    if (fd >= 0) ::close(fd);
  }

  std::string audit_dir;
  storage::ValueSealer sealer;
  std::unique_ptr<AuditSigner> signer;
  AuditOptions options;
  int segment = 1;
  int fd = -1;
  uint64_t known_size = 0;  // bytes of the segment already read or written by us
  int64_t last_seq = 0;     // the chain's end: last entry's number and hash
  Sha256Digest last_hash{};
  int64_t covered_seq = 0;  // entries up to here are covered by a digest

  std::string path() const { return AuditSegmentPath(audit_dir, segment); }

  void OpenSegment(int index, bool create) {
    if (fd >= 0) ::close(fd);
    segment = index;
    int flags = O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0);
    fd = ::open(path().c_str(), flags, 0600);
    if (fd < 0) {
      throw Error(ErrorCode::kIoError, std::string("cannot open audit segment: ") + std::strerror(errno))
          .At({path(), 0, 0, -1});
    }
    known_size = 0;
  }

  // Reads lines appended since known_size (by anyone) and advances the chain state.
  void CatchUp() {
    struct stat info;
    if (::fstat(fd, &info) != 0) throw Error(ErrorCode::kIoError, "cannot stat audit segment").At({path(), 0, 0, -1});
    uint64_t size = static_cast<uint64_t>(info.st_size);
    if (size == known_size) return;
    std::string text(size - known_size, '\0');
    ssize_t got = ::pread(fd, text.data(), text.size(), static_cast<off_t>(known_size));
    if (got != static_cast<ssize_t>(text.size())) {
      throw Error(ErrorCode::kIoError, "cannot read audit segment").At({path(), 0, 0, -1});
    }
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) {
        // A torn last line (a writer died mid-write): end it so the next line stays whole;
        // verify reports it.
        Append("\n");
        break;
      }
      ApplyLine(std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    known_size = size + (text.empty() || text.back() == '\n' ? 0 : 1);
  }

  void ApplyLine(std::string_view line) {
    auto fields = ParseAuditLine(line);
    if (!fields) return;  // verify names malformed lines; writers just continue the chain
    if (const AuditField* digest = FindField(*fields, "digest_seq")) {
      const AuditField* hash = FindField(*fields, "digest_hash");
      if (digest->number >= last_seq && hash != nullptr && HexDecode(hash->text, last_hash)) {
        last_seq = digest->number;
      }
      covered_seq = std::max(covered_seq, digest->number);
      return;
    }
    const AuditField* seq = FindField(*fields, "seq");
    const AuditField* hash = FindField(*fields, "hash");
    if (seq != nullptr && hash != nullptr && HexDecode(hash->text, last_hash)) last_seq = seq->number;
  }

  void Append(std::string_view text) {
    size_t written = 0;
    while (written < text.size()) {
      ssize_t result = ::write(fd, text.data() + written, text.size() - written);
      if (result < 0 && errno == EINTR) continue;
      if (result <= 0) {
        throw Error(ErrorCode::kIoError, std::string("cannot append to audit segment: ") +
                                             std::strerror(errno))
            .At({path(), 0, 0, -1});
      }
      written += static_cast<size_t>(result);
    }
    known_size += text.size();
  }

  void Sync() {
    if (::fdatasync(fd) != 0) throw Error(ErrorCode::kIoError, "cannot sync audit segment").At({path(), 0, 0, -1});
  }

  std::string DigestLine() const {
    AuditLineWriter line;
    line.AddNumber("digest_seq", last_seq);
    line.AddString("digest_hash", HexEncode(last_hash));
    line.AddString("time", FormatAuditTime(NowMicros()));
    line.AddNumber("entries", last_seq - covered_seq);
    std::string signature = signer->Sign(line.prefix());
    line.AddString("signature", signature);
    return line.Finish() + "\n";
  }

  // Writes a digest of the chain's end, and the head file beside the segments.
  void WriteDigest() {
    std::string digest = DigestLine();
    Append(digest);
    Sync();
    covered_seq = last_seq;
    WriteHead(digest);
  }

  void WriteHead(const std::string& digest) {
    std::string head = audit_dir + "/head";
    std::string temporary = head + ".tmp-" + storage::RandomHex(8);
    int head_fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (head_fd < 0) throw Error(ErrorCode::kIoError, "cannot write audit head").At({head, 0, 0, -1});
    bool ok = ::write(head_fd, digest.data(), digest.size()) == static_cast<ssize_t>(digest.size()) &&
              ::fdatasync(head_fd) == 0;
    ::close(head_fd);
    if (!ok || ::rename(temporary.c_str(), head.c_str()) != 0) {
      ::unlink(temporary.c_str());
      throw Error(ErrorCode::kIoError, "cannot write audit head").At({head, 0, 0, -1});
    }
  }

  // Moves to the newest segment (another process may have started one) and locks it; returns the
  // lock. Starts a new segment when the current one is full.
  std::unique_ptr<FileLock> LockCurrent() {
    while (true) {
      auto lock = std::make_unique<FileLock>(fd);
      if (::access(AuditSegmentPath(audit_dir, segment + 1).c_str(), F_OK) == 0) {
        lock.reset();
        OpenSegment(segment + 1, false);
        continue;
      }
      CatchUp();
      if (known_size < options.segment_bytes || last_seq == 0) return lock;
      if (last_seq > covered_seq) WriteDigest();
      std::string first = DigestLine();
      std::string next = AuditSegmentPath(audit_dir, segment + 1);
      int next_fd = ::open(next.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (next_fd >= 0) {
        bool ok = ::write(next_fd, first.data(), first.size()) == static_cast<ssize_t>(first.size()) &&
                  ::fdatasync(next_fd) == 0;
        ::close(next_fd);
        if (!ok) throw Error(ErrorCode::kIoError, "cannot start audit segment").At({next, 0, 0, -1});
      }
      lock.reset();
      OpenSegment(segment + 1, false);
    }
  }
};

AuditLog::AuditLog(std::unique_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<AuditLog> AuditLog::Open(const std::string& data_dir,
                                         const storage::Keyring& keyring, AuditOptions options) {
  auto state = std::make_unique<State>(keyring);
  state->audit_dir = AuditDirectory(data_dir);
  state->options = options;
  std::error_code error;
  std::filesystem::create_directories(state->audit_dir, error);
  if (error) {
    throw Error(ErrorCode::kIoError, "cannot create audit directory: " + error.message())
        .At({state->audit_dir, 0, 0, -1});
  }
  ::chmod(state->audit_dir.c_str(), 0700);
  state->signer = AuditSigner::LoadOrCreate(state->audit_dir, keyring);
  std::vector<int> segments = ListAuditSegments(state->audit_dir);
  state->OpenSegment(segments.empty() ? 1 : segments.back(), true);
  {
    // A log shorter than its head digest was truncated: appending would hide that, so refuse.
    FileLock lock(state->fd);
    state->CatchUp();
    std::ifstream head(state->audit_dir + "/head");
    std::string line;
    if (head && std::getline(head, line)) {
      auto fields = ParseAuditLine(line);
      const AuditField* covered = fields ? FindField(*fields, "digest_seq") : nullptr;
      if (covered != nullptr && covered->number > state->last_seq) {
        throw Error(ErrorCode::kCorrupt,
                    fmt::format("the audit log ends at entry {} but its head digest covers {}: it "
                                "was truncated; run 'tarn audit verify'",
                                state->last_seq, covered->number))
            .At({state->path(), 0, 0, -1});
      }
    }
  }
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(state)));
}

AuditLog::~AuditLog() {
  try {
    Flush();
  } catch (const Error&) {
    // The entries are on disk; only their digest is missing, which verify tolerates at the end.
  }
}

void AuditLog::Record(const AuditEntry& entry) {
  std::lock_guard guard(mutex_);
  State& state = *state_;
  auto lock = state.LockCurrent();
  int64_t seq = state.last_seq + 1;
  std::string context = "audit entry " + std::to_string(seq);
  auto seal = [&](std::string_view value, std::string_view field) {
    return value.empty() ? std::string() : state.sealer.Seal(value, context + " " + std::string(field));
  };
  AuditLineWriter line;
  line.AddNumber("seq", seq);
  line.AddString("time", FormatAuditTime(entry.time_micros != 0 ? entry.time_micros : NowMicros()));
  line.AddString("request_id", entry.request_id);
  line.AddString("principal", entry.principal);
  line.AddString("kind", entry.principal_kind);
  line.AddString("source", entry.source_address);
  line.AddString("action", entry.action);
  line.AddString("objects", seal(JoinLines(entry.objects), "objects"));
  line.AddString("statement", seal(entry.statement, "statement"));
  line.AddString("outcome", entry.outcome);
  line.AddString("code", entry.error_code);
  line.AddString("detail", seal(entry.detail, "detail"));
  line.AddNumber("rows", entry.rows);
  line.AddNumber("bytes", entry.bytes);
  Sha256Digest hash = Sha256(
      {std::string_view(reinterpret_cast<const char*>(state.last_hash.data()), state.last_hash.size()),
       line.prefix()});
  line.AddString("hash", HexEncode(hash));
  state.Append(line.Finish() + "\n");
  state.last_seq = seq;
  state.last_hash = hash;
  if (state.options.sync_each_entry) state.Sync();
  if (state.options.digest_every > 0 && seq % state.options.digest_every == 0) state.WriteDigest();
}

void AuditLog::Flush() {
  std::lock_guard guard(mutex_);
  State& state = *state_;
  auto lock = state.LockCurrent();
  if (state.last_seq > state.covered_seq) state.WriteDigest();
}

}  // namespace tarn::security

// `tarn ingest`: parses the options, opens the lake, runs ingest::IngestFiles with a progress line
// on a terminal (rows/s, MB/s, ETA), and prints what was skipped and a summary.
#include "cli/ingest_command.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "catalog/lake.h"
#include "cli/command.h"
#include "cli/db_ingest_options.h"
#include "cli/help_formatter.h"
#include "cli/keys_command.h"
#include "common/error.h"
#include "format/file_list.h"
#include "ingest/file_ingest.h"

namespace tarn::cli {
namespace {

struct IngestArguments {
  std::vector<std::string> sources;
  std::string table;
  std::string zone = "raw";
  std::string format;
  std::vector<std::string> partition_by;
  std::string on_error = "fail";
  bool force = false;
  size_t threads = 0;
  storage::LakeOptions lake;
  DatabaseIngestArguments database;  // postgresql:// and sqlite:// sources
};

std::string FormatBytes(double bytes) {
  if (bytes >= 1e9) return fmt::format("{:.2f} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.1f} MB", bytes / 1e6);
  if (bytes >= 1e3) return fmt::format("{:.1f} kB", bytes / 1e3);
  return fmt::format("{:.0f} B", bytes);
}

std::string FormatCount(double count) {
  if (count >= 1e9) return fmt::format("{:.2f}G", count / 1e9);
  if (count >= 1e6) return fmt::format("{:.2f}M", count / 1e6);
  if (count >= 1e4) return fmt::format("{:.1f}k", count / 1e3);
  return fmt::format("{:.0f}", count);
}

// Redraws "[ 42%] 1.20M rows  310k rows/s  45.1 MB/s  ETA 3 s" on stderr every 200 ms while the
// ingest runs, only when stderr is a terminal; erased at the end.
class IngestProgress {
 public:
  explicit IngestProgress(const ingest::IngestCounters& counters) : counters_(counters) {
    if (::isatty(STDERR_FILENO) == 1) thread_ = std::thread([this] { Loop(); });
  }
  ~IngestProgress() { Stop(); }

  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (drawn_) std::fputs("\r\033[K", stderr);
  }

 private:
  void Loop() {
    auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) {
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed < 0.5) continue;
      double rows = static_cast<double>(counters_.rows.load(std::memory_order_relaxed));
      double fraction = counters_.fraction.load(std::memory_order_relaxed);
      double bytes = fraction * static_cast<double>(counters_.total_bytes.load(std::memory_order_relaxed));
      std::string line = fmt::format("\r[{:3.0f}%] {} rows  {} rows/s  {}/s", fraction * 100, FormatCount(rows),
                                     FormatCount(rows / elapsed), FormatBytes(bytes / elapsed));
      if (fraction > 0.01 && fraction < 1) line += fmt::format("  ETA {:.0f} s", elapsed * (1 - fraction) / fraction);
      line += "\033[K";
      std::fputs(line.c_str(), stderr);
      std::fflush(stderr);
      drawn_ = true;
    }
  }

  const ingest::IngestCounters& counters_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool drawn_ = false;
};

void RunIngest(const IngestArguments& arguments) {
  ingest::IngestRequest request;
  request.sources = arguments.sources;
  size_t dot = arguments.table.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == arguments.table.size() ||
      arguments.table.find('.', dot + 1) != std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("--table expects database.table, not '{}'", arguments.table));
  }
  request.database = arguments.table.substr(0, dot);
  request.table = arguments.table.substr(dot + 1);
  request.zone = arguments.zone;
  request.format = arguments.format;
  request.partition_by = arguments.partition_by;
  if (RunDatabaseIngest(request.sources, request.database, request.table, request.zone,
                        request.partition_by, arguments.database, arguments.lake)) {
    return;
  }
  request.force = arguments.force;
  request.threads = arguments.threads;
  if (arguments.on_error == "fail") {
    request.on_error = ingest::OnError::kFail;
  } else if (arguments.on_error == "skip") {
    request.on_error = ingest::OnError::kSkip;
  } else if (arguments.on_error == "quarantine") {
    request.on_error = ingest::OnError::kQuarantine;
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("--on-error expects fail, skip or quarantine, not '{}'", arguments.on_error));
  }

  format::ExpandPaths(request.sources);  // a missing source fails before the lake is touched
  std::unique_ptr<catalog::Lake> lake = catalog::OpenLake(arguments.lake);
  if (lake->store->created_key_file()) {
    fmt::print(stderr,
               "created master key file {} (mode 0600): back it up and keep a copy away from the "
               "data directory; without it the data cannot be read\n",
               arguments.lake.ResolvedKeyFile());
  }
  ingest::IngestCounters counters;
  auto start = std::chrono::steady_clock::now();
  ingest::IngestResult result;
  {
    IngestProgress progress(counters);
    result = ingest::IngestFiles(*lake, request, &counters);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const std::string& file : result.skipped_files) {
    fmt::print(stderr, "skipped {}: already ingested into {} (use --force to ingest it again)\n", file,
               arguments.table);
  }
  if (result.snapshot_id == 0) {
    fmt::print("nothing to ingest: {} file(s) skipped\n", result.skipped_files.size());
    return;
  }
  fmt::print("ingested {} file(s), {} rows, {} into {} in {:.2f} s ({}/s)\n", result.ingested_files.size(),
             result.rows, FormatBytes(static_cast<double>(result.bytes)), arguments.table, seconds,
             FormatBytes(static_cast<double>(result.bytes) / std::max(seconds, 1e-9)));
  fmt::print("snapshot {} ({} data file(s){}{})\n", result.snapshot_id, result.files_written,
             result.created_table ? ", table created" : "",
             result.schema_changed ? fmt::format(", schema version {}", result.schema_version) : "");
  if (result.rejected > 0) {
    fmt::print("rejected {} row(s){}\n", result.rejected,
               result.quarantine_table.empty() ? "" : " -> " + result.quarantine_table);
  }
  if (!result.skipped_files.empty()) fmt::print("skipped {} file(s) already ingested\n", result.skipped_files.size());
}

}  // namespace

void AddIngestCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand("ingest", "load files into a lake table (one snapshot per run)");
  SetCommandHelp(command, {
      "tarn ingest SOURCE... --table DB.TABLE [--zone raw|cleaned|curated] [--format csv|ndjson|parquet]\n"
      "            [--partition-by COL,...] [--on-error fail|skip|quarantine] [--force] [--threads N]\n"
      "            [--data-dir DIR] [--key-file FILE]",
      "Reads files, directories or globs of CSV, NDJSON or Parquet in parallel and writes them\n"
      "to the table as zstd Parquet (encrypted at rest), committed as ONE snapshot: readers see\n"
      "all of it or none; a crash or kill leaves the table at its previous snapshot.\n"
      "\n"
      "The first ingest creates the table with the source's schema. Later ones match columns by\n"
      "name: new columns are added and columns widened (INTEGER -> BIGINT -> DOUBLE) as a new\n"
      "schema version; a narrowing change is an error. Each file's SHA-256 is recorded, and a\n"
      "file already ingested is skipped (with a note) unless --force.\n"
      "\n"
      "--on-error: fail (default) stops at the first bad row, naming file:line:column; skip\n"
      "drops bad rows; quarantine puts them in DB.TABLE__quarantine (source_file, line,\n"
      "reason, raw_row).",
      "tarn ingest 'logs/*.csv.gz' --table web.logs --partition-by day\n"
      "tarn ingest events.ndjson --table app.events --on-error quarantine\n"
      "tarn sql --data-dir ./tarn-data -c \"SELECT count(*) FROM web.logs\"",
  });
  auto arguments = std::make_shared<IngestArguments>();
  command->add_option("source", arguments->sources, "files, directories or globs to ingest")->required();
  command->add_option("--table", arguments->table, "target table as database.table")->required();
  command->add_option("--zone", arguments->zone, "zone of a new table: raw (default), cleaned or curated");
  command->add_option("--format", arguments->format, "csv, ndjson or parquet (default: by extension)");
  command->add_option("--partition-by", arguments->partition_by, "Hive partition columns of a new table")
      ->delimiter(',');
  command->add_option("--on-error", arguments->on_error, "fail (default), skip or quarantine");
  command->add_flag("--force", arguments->force, "ingest files even if they were ingested before");
  command->add_option("--threads", arguments->threads, "worker threads (default: all cores)");
  AddDatabaseIngestOptions(command, arguments->database);
  AddLakeOptions(command, arguments->lake);
  command->callback([arguments] { RunIngest(*arguments); });
}

}  // namespace tarn::cli

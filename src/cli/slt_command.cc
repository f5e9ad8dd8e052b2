// `tarn slt`: run sqllogictest files.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "cli/command.h"
#include "cli/help_formatter.h"
#include "cli/slt_runner.h"
#include "common/error.h"

namespace tarn::cli {

namespace {

struct SltArguments {
  std::vector<std::string> files;
  std::vector<std::string> directories;
  size_t threads = 0;
  bool verbose = false;
  bool isolate = true;
  std::string data_dir;
  bool lake = false;
};

std::vector<std::string> CollectTestFiles(const SltArguments& arguments) {
  namespace fs = std::filesystem;
  std::vector<std::string> files = arguments.files;
  for (const auto& directory : arguments.directories) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) {
      throw Error(ErrorCode::kIoError, "not a directory").At({directory, 0, 0, -1});
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".test") found.push_back(it->path().string());
    }
    if (error) throw Error(ErrorCode::kIoError, "cannot list directory: " + error.message()).At({directory, 0, 0, -1});
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void RunSlt(const SltArguments& arguments) {
  SltOptions options;
  options.threads = arguments.threads;
  options.verbose = arguments.verbose;
  options.data_dir = arguments.data_dir;
  options.lake = arguments.lake;
  SltRunner runner(options);
  for (const auto& file : CollectTestFiles(arguments)) {
    if (arguments.isolate) {
      runner.RunFileIsolated(file);
    } else {
      runner.RunFile(file);
    }
  }
  const SltSummary& summary = runner.summary();
  std::string line = fmt::format("{} passed, {} failed", summary.passed, summary.failed);
  if (summary.skipped > 0) line += fmt::format(", {} skipped", summary.skipped);
  fmt::print("{}\n", line);
  std::fflush(stdout);
  if (summary.failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void AddSltCommand(CLI::App& app) {
  auto arguments = std::make_shared<SltArguments>();
  CLI::App* command = app.add_subcommand("slt", "run sqllogictest files");
  command->add_option("files", arguments->files, "the .test files to run")->type_name("FILE");
  command->add_option("--recursive", arguments->directories,
                      "also run every **/*.test below DIR (sorted); repeatable")
      ->type_name("DIR");
  command->add_option("--threads", arguments->threads, "worker threads per session (0 = all cores)")
      ->type_name("N")
      ->capture_default_str();
  command->add_flag("-v,--verbose", arguments->verbose, "print each file name as it starts");
  command->add_option("--data-dir", arguments->data_dir,
                      "the lake for files that say 'require lake' (kept; default: a fresh\n"
                      "temporary data directory per file, removed afterwards)")
      ->type_name("DIR");
  command->add_flag("--lake", arguments->lake,
                    "run every file as if it began with 'require lake' (its tables in a lake)");
  command->add_flag("!--no-fork", arguments->isolate,
                    "run files in this process (default: one child process per file, so a crash\n"
                    "fails that file only; use --no-fork under a debugger)");
  SetCommandHelp(command, {
      "tarn slt [OPTIONS] FILE... [--recursive DIR]...",
      "Runs sqllogictest files (the format of SQLite's corpus, with DuckDB's extensions).\n"
      "Each file runs in a fresh session. A statement or query is one case; every failure is\n"
      "printed with file:line, the SQL, the expected and the actual result, and the run ends\n"
      "with 'N passed, N failed' (plus ', N skipped' when some were skipped). The exit code is\n"
      "1 when any case failed. Each file runs in its own child process: a crash fails that file\n"
      "('crashed with signal N') and the run goes on.\n"
      "\n"
      "Records: 'statement ok', 'statement error' (optionally '----' and a substring the error\n"
      "must contain), 'query <types> [nosort|rowsort|valuesort] [label]' then SQL, '----' and\n"
      "the expected values: one per line (SQLite), one row per line separated by tabs (DuckDB),\n"
      "or 'N values hashing to <md5>' (MD5 of the values, each followed by a newline).\n"
      "The error text is matched ignoring case; an internal error never matches.\n"
      "Also: hash-threshold N, halt, skipif/onlyif ENGINE (tarn runs 'tarn' and 'postgresql'\n"
      "blocks), loop VAR BEGIN END / foreach VAR VALUES... / endloop (${VAR} is substituted),\n"
      "require X (skips the rest of the file), mode skip|unskip, and # comments.\n"
      "'require lake' instead runs the rest of the file with its tables in a lake (a fresh\n"
      "temporary data directory unless --data-dir is given), and 'restart' starts a new\n"
      "session on the same lake, to check what persisted.\n"
      "\n"
      "Values: NULL prints NULL, the empty string (empty). Column type I prints integers,\n"
      "doubles and decimals truncated toward zero and booleans as 1/0 (as SQLite does); R\n"
      "prints numbers with three decimals; T prints text. An expected value also matches the\n"
      "value's canonical text (shortest round-trip double, true/false), so DuckDB-style files\n"
      "that use I for every column pass. Hashes use the typed text. rowsort and valuesort\n"
      "sort the expected values too.\n"
      "\n"
      "Paths: __TEST_DIR__ becomes the directory of the .test file. Statements run with the\n"
      "working directory set to the nearest enclosing folder named 'tests' (else the file's\n"
      "folder), so 'data/small.csv' in tests/sql/x.test reads tests/data/small.csv.",
      "tarn slt tests/sql/aggregate/avg.test\n"
      "tarn slt --recursive tests/sql\n"
      "tarn slt --threads 1 -v --recursive tests/sql/function",
  });
  command->callback([arguments]() { RunSlt(*arguments); });
}

}  // namespace tarn::cli

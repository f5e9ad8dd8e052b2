#include "cli/shell.h"

#include <editline/readline.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "cli/statement_splitter.h"
#include "common/number_parse.h"

namespace tarn::cli {

namespace {

constexpr const char* kPrompt = "tarn> ";
constexpr const char* kContinuationPrompt = "   ...> ";
constexpr int kHistoryLimit = 2000;

constexpr const char* kDotHelp =
    ".help                 show this help\n"
    ".quit, .exit          leave the shell (Ctrl-D works too)\n"
    ".timer on|off         print the run time of each statement\n"
    ".mode FORMAT          output format: table, csv, tsv, json, ndjson\n"
    ".maxrows N            rows a table shows before eliding the middle (0 = all)\n"
    "SQL statements end with ';' and may span lines.\n";

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.tarn_history";
}

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    size_t begin = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > begin) words.emplace_back(line.substr(begin, i - begin));
  }
  return words;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

bool HandleDotCommand(std::string_view line, ScriptRunner& runner) {
  std::vector<std::string> words = Words(line);
  if (words.empty()) return true;
  const std::string& command = words[0];
  if (command == ".quit" || command == ".exit") return false;
  if (command == ".help") {
    std::fputs(kDotHelp, stdout);
  } else if (command == ".timer") {
    if (words.size() == 2 && (words[1] == "on" || words[1] == "off")) {
      runner.timer() = words[1] == "on";
    } else {
      std::fputs("usage: .timer on|off\n", stderr);
    }
  } else if (command == ".mode") {
    std::optional<OutputFormat> format =
        words.size() == 2 ? ParseOutputFormat(words[1]) : std::nullopt;
    if (format) {
      runner.format().format = *format;
    } else {
      std::fputs("usage: .mode table|csv|tsv|json|ndjson\n", stderr);
    }
  } else if (command == ".maxrows") {
    int64_t rows = 0;
    if (words.size() == 2 && ParseInt64(words[1], rows) && rows >= 0) {
      runner.format().max_rows = static_cast<size_t>(rows);
    } else {
      std::fputs("usage: .maxrows N\n", stderr);
    }
  } else {
    fmt::print(stderr, "unknown command '{}'; .help lists the commands\n", command);
  }
  std::fflush(stdout);
  return true;
}

void RunShell(ScriptRunner& runner) {
  std::string history = HistoryPath();
  using_history();
  stifle_history(kHistoryLimit);
  if (!history.empty()) {
    // Create it private before anything is written into it.
    int fd = ::open(history.c_str(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
    ::chmod(history.c_str(), 0600);
    read_history(history.c_str());
  }
  fmt::print("{}\nEnter SQL statements terminated by ';', or .help.\n", VersionText().substr(0, VersionText().find('\n')));
  std::fflush(stdout);

  std::string buffer;
  while (true) {
    char* raw = readline(buffer.empty() ? kPrompt : kContinuationPrompt);
    if (raw == nullptr) {  // Ctrl-D
      std::fputs("\n", stdout);
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (buffer.empty()) {
      std::string_view trimmed = Trim(line);
      if (trimmed.empty()) continue;
      if (trimmed.front() == '.') {
        add_history(line.c_str());
        if (!HandleDotCommand(trimmed, runner)) break;
        continue;
      }
    }
    if (!buffer.empty()) buffer += '\n';
    buffer += line;
    if (!IsCompleteStatement(buffer)) continue;
    add_history(buffer.c_str());
    // Saved before running: a query killed with Ctrl-C keeps its history.
    if (!history.empty()) write_history(history.c_str());
    runner.RunAndReport(buffer);
    buffer.clear();
  }
  if (!history.empty()) {
    write_history(history.c_str());
    ::chmod(history.c_str(), 0600);
  }
}

}  // namespace tarn::cli

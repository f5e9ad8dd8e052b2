#include "cli/help_formatter.h"

#include <map>
#include <sstream>

namespace tarn::cli {

namespace {

std::map<const CLI::App*, CommandHelp>& HelpTexts() {
  static std::map<const CLI::App*, CommandHelp> texts;
  return texts;
}

// Indents every non-empty line of 'text' by four spaces.
std::string Indent(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) out += "    " + line;
    out += '\n';
  }
  return out;
}

std::string FullName(const CLI::App* app) {
  std::string name = app->get_name();
  for (const CLI::App* parent = app->get_parent(); parent != nullptr; parent = parent->get_parent()) {
    name = parent->get_name() + " " + name;
  }
  return name;
}

}  // namespace

void SetCommandHelp(const CLI::App* app, CommandHelp help) { HelpTexts()[app] = std::move(help); }

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  const CommandHelp* help = nullptr;
  auto found = HelpTexts().find(app);
  if (found != HelpTexts().end()) help = &found->second;

  std::string out = "NAME\n    " + FullName(app);
  if (!app->get_description().empty()) out += " - " + app->get_description();
  out += "\n\nSYNOPSIS\n";
  if (help != nullptr && !help->synopsis.empty()) {
    out += Indent(help->synopsis);
  } else {
    std::string usage = make_usage(app, FullName(app));
    out += "    " + usage.substr(usage.find(' ') + 1);  // drop the "Usage:" label
  }
  if (help != nullptr && !help->description.empty()) out += "\nDESCRIPTION\n" + Indent(help->description);
  std::string positionals = make_positionals(app);
  std::string groups = make_groups(app, mode);
  std::string subcommands = make_subcommands(app, mode);
  if (!positionals.empty()) out += positionals;
  if (!groups.empty()) out += groups;
  if (!subcommands.empty()) out += subcommands;
  if (help != nullptr && !help->examples.empty()) out += "\nEXAMPLES\n" + Indent(help->examples);
  std::string footer = make_footer(app);
  if (!footer.empty()) out += footer;
  // CLI11 titles its sections "Options:"; a man page says OPTIONS.
  for (auto [from, to] : {std::pair{"\nOptions:\n", "\nOPTIONS\n"}, std::pair{"\nSubcommands:\n", "\nCOMMANDS\n"},
                          std::pair{"\nPositionals:\n", "\nARGUMENTS\n"}}) {
    size_t position = out.find(from);
    if (position != std::string::npos) out.replace(position, std::string_view(from).size(), to);
  }
  return out;
}

}  // namespace tarn::cli

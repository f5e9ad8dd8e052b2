// `tarn help [COMMAND]`: the same text as `tarn [COMMAND] --help`.
#include <fmt/format.h>

#include "cli/command.h"
#include "common/error.h"

namespace tarn::cli {

void AddHelpCommand(CLI::App& app) {
  auto topic = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("help", "show help for tarn or one of its commands");
  command->add_option("command", *topic, "the command to explain")->type_name("COMMAND");
  CLI::App* root = &app;
  command->callback([root, topic]() {
    if (topic->empty()) {
      fmt::print("{}", root->help());
      return;
    }
    CLI::App* sub = nullptr;
    try {
      sub = root->get_subcommand(*topic);
    } catch (const CLI::OptionNotFound&) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown command '{}'", *topic));
    }
    fmt::print("{}", sub->help());
  });
}

}  // namespace tarn::cli

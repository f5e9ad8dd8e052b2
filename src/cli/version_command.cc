// `tarn version` and `tarn --version`.
#include <fmt/format.h>

#include "cli/command.h"

namespace tarn::cli {

namespace {

// Keep in step with project(tarn VERSION ...) in CMakeLists.txt.
constexpr const char* kVersion = "0.1.0";

}  // namespace

std::string VersionText() {
#ifdef NDEBUG
  const char* build = "release";
#else
  const char* build = "debug";
#endif
#if defined(__clang__)
  std::string compiler = fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  std::string compiler = fmt::format("gcc {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  std::string compiler = "unknown compiler";
#endif
#if defined(__SANITIZE_ADDRESS__)
  const char* sanitizers = ", asan+ubsan";
#else
  const char* sanitizers = "";
#endif
  return fmt::format("tarn {}\nbuild: {}, {}, C++{}, {}{}", kVersion, build, compiler, __cplusplus / 100 % 100,
                     __DATE__, sanitizers);
}

void AddVersionCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand("version", "print the version and build information");
  command->callback([]() { fmt::print("{}\n", VersionText()); });
}

}  // namespace tarn::cli

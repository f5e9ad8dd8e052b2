#include "cli/keys_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "cli/help_formatter.h"
#include "cli/time_text.h"
#include "common/error.h"
#include "storage/encryption/key_rotation.h"
#include "storage/encryption/keyring.h"

namespace tarn::cli {
namespace {

struct KeysArguments {
  storage::LakeOptions lake;
  int64_t rotation_days = storage::kDefaultRotationPeriodDays;
  bool rewrap_only = false;
};

bool EnvironmentKeysSet() {
  const char* value = std::getenv(std::string(storage::kMasterKeyVariable).c_str());
  return value != nullptr && *value != '\0';
}

std::string FormatTime(int64_t unix_seconds) { return FormatUnixSeconds(unix_seconds, "unknown"); }

// Opens the existing encrypted lake for re-wrapping or counting; nullptr when there is none.
std::unique_ptr<storage::LakeStore> OpenExistingLake(const KeysArguments& arguments) {
  if (storage::LakeStore::Encrypted(arguments.lake.data_dir) != true) return nullptr;
  storage::LakeOptions options = arguments.lake;
  options.encryption = true;
  options.create_key_file = false;
  return storage::LakeStore::Open(options);
}

void RunInit(const KeysArguments& arguments) {
  if (EnvironmentKeysSet()) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format(
            "{} is set, so master keys come from the environment; unset it to create a key file",
            storage::kMasterKeyVariable));
  }
  std::string key_file = arguments.lake.ResolvedKeyFile();
  auto keyring = storage::Keyring::CreateFile(key_file);
  fmt::print("created master key version {} in {} (mode 0600)\n", keyring->Current().version,
             key_file);
  fmt::print(
      "Back this file up and keep a copy away from the data directory: without it the\n"
      "encrypted data cannot be read. To keep it elsewhere, move it and pass --key-file,\n"
      "or set {}.\n",
      storage::kMasterKeyVariable);
}

void RunRotate(const KeysArguments& arguments) {
  std::string key_file = arguments.lake.ResolvedKeyFile();
  if (!arguments.rewrap_only && EnvironmentKeysSet()) {
    throw Error(
        ErrorCode::kInvalidArgument,
        fmt::format(
            "master keys come from {}: add a new '<version>:<key>' entry to it (keeping the "
            "old ones), then run 'tarn keys rotate --rewrap-only'",
            storage::kMasterKeyVariable));
  }
  auto lake = OpenExistingLake(arguments);
  if (lake == nullptr) {
    if (!arguments.rewrap_only) {
      auto keyring = storage::Keyring::LoadFile(key_file);
      uint32_t version = keyring->Rotate(static_cast<int64_t>(::time(nullptr)));
      fmt::print("created master key version {} in {}\n", version, key_file);
    }
    fmt::print("no encrypted lake in {}: no data keys to re-wrap\n", arguments.lake.data_dir);
    return;
  }
  storage::KeyRotationResult result = storage::RotateLakeMasterKey(
      *lake, static_cast<int64_t>(::time(nullptr)), arguments.rewrap_only);
  if (result.rotated) {
    fmt::print("created master key version {} in {}\n", result.version, key_file);
  }
  fmt::print(
      "re-wrapped {} data keys under master key version {} ({} were on it already); "
      "no data file was rewritten\n",
      result.rewrapped, result.version, result.already_current);
  if (lake->keyring()->Status(0).size() > 1) {
    fmt::print("older versions stay in the key file; no object needs them any more\n");
  }
}

void RunStatus(const KeysArguments& arguments) {
  auto keyring = storage::Keyring::Open(arguments.lake.ResolvedKeyFile());
  int64_t now = static_cast<int64_t>(::time(nullptr));
  std::map<uint32_t, uint64_t> counts;
  bool have_counts = false;
  if (auto lake = OpenExistingLake(arguments)) {
    counts = lake->encrypted()->CountByMasterKeyVersion();
    have_counts = true;
  }
  fmt::print("master keys from {}\n", keyring->source());
  fmt::print("{:>7}  {:<19}  {:>10}  {:>9}\n", "version", "created (UTC)", "age (days)",
             "data keys");
  for (const storage::MasterKeyStatus& status : keyring->Status(now)) {
    std::string age = status.age_days < 0 ? "unknown" : std::to_string(status.age_days);
    std::string count = have_counts ? std::to_string(counts[status.version]) : "-";
    fmt::print("{:>7}  {:<19}  {:>10}  {:>9}{}\n", status.version,
               FormatTime(status.created_unix_seconds), age, count,
               status.current ? "  current" : "");
  }
  fmt::print("rotation period: {} days\n", arguments.rotation_days);
  std::fflush(stdout);
  for (const auto& [version, count] : counts) {
    if (keyring->Find(version) == nullptr) {
      fmt::print(stderr,
                 "warning: {} data keys are wrapped by master key version {}, which {} lacks\n",
                 count, version, keyring->source());
    }
  }
  if (auto warning = keyring->RotationWarning(now, arguments.rotation_days)) {
    fmt::print(stderr, "warning: {}\n", *warning);
  }
}

void AddKeyFileOptions(CLI::App* command, KeysArguments& arguments) {
  command->add_option("--data-dir", arguments.lake.data_dir,
                      "data directory (default ./tarn-data)");
  command->add_option("--key-file", arguments.lake.key_file,
                      "key file (default <data-dir>/keys/master.key)");
}

}  // namespace

void AddLakeOptions(CLI::App* command, storage::LakeOptions& options) {
  command->add_option("--data-dir", options.data_dir, "data directory (default ./tarn-data)");
  command->add_option(
      "--key-file", options.key_file,
      "master key file (default <data-dir>/keys/master.key; TARN_MASTER_KEY overrides)");
  command->add_flag("!--no-encryption", options.encryption,
                    "store data unencrypted (only for a lake created that way)");
}

void AddKeysCommand(CLI::App& app) {
  CLI::App* keys = app.add_subcommand("keys", "manage the master keys of encryption at rest");
  keys->require_subcommand(1);
  SetCommandHelp(keys, {
      "tarn keys init [--data-dir DIR] [--key-file FILE]\n"
      "tarn keys rotate [--data-dir DIR] [--key-file FILE] [--rewrap-only]\n"
      "tarn keys status [--data-dir DIR] [--key-file FILE] [--rotation-days N]",
      "Every object tarn writes to the lake is encrypted (AES-256-GCM) with its own data\n"
      "key; data keys are wrapped by a versioned master key. Master keys live in a key file\n"
      "(default <data-dir>/keys/master.key, mode 0600, refused if group or others can\n"
      "read it) or in the environment variable TARN_MASTER_KEY, which wins when set:\n"
      "comma-separated '[<version>:]<key>' entries, each key 64 hex digits or base64.\n"
      "Keys are never printed or logged.\n"
      "\n"
      "init creates the key file with master key version 1 (the first write to a lake\n"
      "does the same if there is none). Back it up and keep a copy away from the data\n"
      "directory: without it the data cannot be read.\n"
      "\n"
      "rotate adds a new master key version and re-wraps every data key under it,\n"
      "rewriting only the small key envelopes, never the data. Old versions stay in the\n"
      "file. If it is interrupted, run 'tarn keys rotate --rewrap-only' to finish.\n"
      "\n"
      "status lists the versions with their age and how many data keys each wraps, and\n"
      "warns on stderr when the current key is older than the rotation period (default\n"
      "90 days).",
      "tarn keys init\n"
      "tarn keys rotate --data-dir /srv/tarn-data --key-file /etc/tarn/master.key\n"
      "tarn keys status --rotation-days 30",
  });
  auto arguments = std::make_shared<KeysArguments>();

  CLI::App* init = keys->add_subcommand("init", "create the key file with master key version 1");
  AddKeyFileOptions(init, *arguments);
  init->callback([arguments]() { RunInit(*arguments); });

  CLI::App* rotate =
      keys->add_subcommand("rotate", "add a master key version and re-wrap every data key");
  AddKeyFileOptions(rotate, *arguments);
  rotate->add_flag("--rewrap-only", arguments->rewrap_only,
                   "re-wrap data keys under the current version without adding one");
  rotate->callback([arguments]() { RunRotate(*arguments); });

  CLI::App* status = keys->add_subcommand("status", "show master key versions, ages and use");
  AddKeyFileOptions(status, *arguments);
  status
      ->add_option("--rotation-days", arguments->rotation_days,
                   "rotation period in days (default 90)")
      ->check(CLI::PositiveNumber);
  status->callback([arguments]() { RunStatus(*arguments); });
}

}  // namespace tarn::cli

#include "cli/catalog_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <ctime>

#include "catalog/lake.h"
#include "cli/help_formatter.h"
#include "cli/keys_command.h"
#include "cli/time_text.h"
#include "common/error.h"

namespace tarn::cli {
namespace {

struct CatalogArguments {
  storage::LakeOptions lake;
  std::string name;                      // db.table or db.table.column
  std::string text;                      // search text
  std::vector<std::string> assignments;  // key=value
  std::vector<std::string> columns;      // name:TYPE
  std::vector<std::string> partition_columns;
  std::string retain;                    // empty: the table's setting, else 7d
};

// A data-directory name split into its parts.
struct QualifiedName {
  std::string database;
  std::string table;
  std::string column;  // empty for a table
};

QualifiedName ParseName(const std::string& text, bool allow_column) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  bool valid = parts.size() == 2 || (allow_column && parts.size() == 3);
  for (const std::string& part : parts) valid = valid && !part.empty();
  if (!valid) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("expected {} but got '{}'",
                            allow_column ? "DATABASE.TABLE or DATABASE.TABLE.COLUMN"
                                         : "DATABASE.TABLE",
                            text));
  }
  return {parts[0], parts[1], parts.size() == 3 ? parts[2] : ""};
}

std::string FormatMicros(int64_t unix_micros) {
  return unix_micros <= 0 ? "-" : FormatUnixSeconds(unix_micros / 1000000, "-");
}

// Opens an existing lake (read and curate commands never create one).
std::unique_ptr<catalog::Lake> OpenExistingLake(const storage::LakeOptions& options) {
  if (!storage::LakeStore::Encrypted(options.data_dir)) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("no lake in '{}' (pass --data-dir, or create a table first)",
                            options.data_dir));
  }
  return catalog::OpenLake(options);
}

catalog::TableInfo RequireTable(catalog::Catalog& catalog, const QualifiedName& name) {
  std::optional<catalog::TableInfo> table = catalog.FindTable(name.database, name.table);
  if (!table) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("table '{}.{}' does not exist", name.database, name.table));
  }
  return *table;
}

void RunSearch(const CatalogArguments& arguments) {
  auto lake = OpenExistingLake(arguments.lake);
  std::vector<catalog::SearchHit> hits = lake->catalog->Search(arguments.text);
  for (const catalog::SearchHit& hit : hits) {
    std::string where = hit.database;
    if (!hit.table.empty()) where += "." + hit.table;
    if (!hit.column.empty()) where += "." + hit.column;
    fmt::print("{:<32}  {:<20}  {}\n", where, hit.matched_in, hit.text);
  }
  if (hits.empty()) fmt::print(stderr, "no match for '{}'\n", arguments.text);
}

void RunShow(const CatalogArguments& arguments) {
  QualifiedName name = ParseName(arguments.name, false);
  auto lake = OpenExistingLake(arguments.lake);
  catalog::Catalog& catalog = *lake->catalog;
  catalog::TableInfo table = RequireTable(catalog, name);
  fmt::print("table        {}.{}\n", table.database, table.name);
  fmt::print("kind         {}\n",
             table.kind == catalog::TableKind::kManaged ? "managed" : "external");
  fmt::print("zone         {}\n", table.zone);
  fmt::print("format       {}\n", table.format);
  fmt::print("location     {}\n", table.location);
  if (!table.partition_columns.empty()) {
    fmt::print("partitioned  {}\n", fmt::join(table.partition_columns, ", "));
  }
  fmt::print("owner        {}\n", table.owner.empty() ? "-" : table.owner);
  fmt::print("steward      {}\n", table.steward.empty() ? "-" : table.steward);
  fmt::print("description  {}\n", table.description.empty() ? "-" : table.description);
  fmt::print("created      {} UTC\n", FormatMicros(table.created_unix_micros));
  auto retention = table.properties.find(std::string(catalog::kRetentionProperty));
  fmt::print("retention    {}\n",
             retention != table.properties.end() ? retention->second : "7d (default)");

  std::vector<catalog::SchemaVersion> schemas = catalog.SchemaHistory(table.id);
  const catalog::SchemaVersion& current = schemas.back();
  fmt::print("\ncolumns (schema version {})\n", current.version);
  for (const catalog::ColumnDef& column : current.columns) {
    std::string line = fmt::format("  {:<20} {:<16} {:<8} {:<12} {}", column.name,
                                   column.type.ToString(), column.nullable ? "null" : "not null",
                                   catalog::SensitivityName(column.sensitivity),
                                   column.description);
    while (line.ends_with(' ')) line.pop_back();
    fmt::print("{}\n", line);
  }
  fmt::print("\nschema versions\n");
  for (const catalog::SchemaVersion& schema : schemas) {
    fmt::print("  {:>4}  {} UTC  {} columns\n", schema.version,
               FormatMicros(schema.created_unix_micros), schema.columns.size());
  }
  std::vector<catalog::Snapshot> snapshots = catalog.SnapshotHistory(table.id);
  fmt::print("\nsnapshots\n");
  if (snapshots.empty()) fmt::print("  none (the table is empty)\n");
  for (const catalog::Snapshot& snapshot : snapshots) {
    fmt::print("  {:>4}  parent {:>4}  {} UTC  {:<10} {:>12} rows {:>6} files  schema {}\n",
               snapshot.id, snapshot.parent_id, FormatMicros(snapshot.committed_unix_micros),
               snapshot.operation, snapshot.row_count, snapshot.file_count,
               snapshot.schema_version);
  }
}

void RunSet(const CatalogArguments& arguments) {
  QualifiedName name = ParseName(arguments.name, true);
  // Check every assignment before changing anything.
  std::vector<std::pair<std::string, std::string>> assignments;
  for (const std::string& assignment : arguments.assignments) {
    size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("expected KEY=VALUE but got '{}'", assignment));
    }
    std::string key = assignment.substr(0, equals);
    std::string value = assignment.substr(equals + 1);
    bool known = name.column.empty()
                     ? key == "owner" || key == "steward" || key == "description" ||
                           key == "retention"
                     : key == "sensitivity" || key == "description";
    if (!known) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("unknown {} property '{}' (expected {})",
                              name.column.empty() ? "table" : "column", key,
                              name.column.empty() ? "owner, steward, description or retention"
                                                  : "sensitivity or description"));
    }
    if (key == "retention") catalog::ParseRetention(value);
    if (key == "sensitivity" && !catalog::ParseSensitivity(value)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("unknown sensitivity '{}' (expected public, internal, "
                              "confidential or pii)",
                              value));
    }
    assignments.emplace_back(key, value);
  }
  auto lake = OpenExistingLake(arguments.lake);
  catalog::Catalog& catalog = *lake->catalog;
  for (const auto& [key, value] : assignments) {
    if (name.column.empty()) {
      catalog.SetTableProperty(name.database, name.table, key, value);
    } else if (key == "sensitivity") {
      catalog.SetColumnSensitivity(name.database, name.table, name.column,
                                   *catalog::ParseSensitivity(value));
    } else {
      catalog.SetColumnDescription(name.database, name.table, name.column, value);
    }
  }
}

void RunCreate(const CatalogArguments& arguments) {
  QualifiedName name = ParseName(arguments.name, false);
  std::vector<catalog::ColumnDef> columns;
  for (const std::string& text : arguments.columns) {
    size_t colon = text.find(':');
    catalog::ColumnDef column;
    if (colon != std::string::npos) {
      column.name = text.substr(0, colon);
      column.type = ParseLogicalType(text.substr(colon + 1));
    }
    if (column.name.empty() || column.type.id() == TypeId::kInvalid ||
        column.type.id() == TypeId::kNull) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("expected --column NAME:TYPE (e.g. id:BIGINT) but got '{}'", text));
    }
    columns.push_back(std::move(column));
  }
  auto lake = catalog::OpenLake(arguments.lake);
  if (lake->store->created_key_file()) {
    fmt::print(stderr,
               "created master key file {} (mode 0600): back it up and keep a copy away from the "
               "data directory; without it the data cannot be read\n",
               arguments.lake.ResolvedKeyFile());
  }
  catalog::TableInfo table;
  table.database = name.database;
  table.name = name.table;
  table.partition_columns = arguments.partition_columns;
  catalog::TableInfo created = lake->catalog->CreateTable(table, columns, false);
  fmt::print("created table {}.{} at {}\n", created.database, created.name, created.location);
}

void RunVacuum(const CatalogArguments& arguments) {
  QualifiedName name = ParseName(arguments.name, false);
  std::optional<std::chrono::microseconds> retention;
  if (!arguments.retain.empty()) retention = catalog::ParseRetention(arguments.retain);
  auto lake = OpenExistingLake(arguments.lake);
  catalog::VacuumResult result = catalog::VacuumTable(*lake, name.database, name.table, retention);
  fmt::print("expired {} snapshots, deleted {} data files and {} orphaned objects\n",
             result.expired_snapshots, result.deleted_files, result.deleted_orphans);
}

}  // namespace

void AddCatalogCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand("catalog", "search, show and curate the lake catalog");
  command->require_subcommand(1);
  SetCommandHelp(command, {
      "tarn catalog search TEXT [LAKE OPTIONS]\n"
      "tarn catalog show DATABASE.TABLE [LAKE OPTIONS]\n"
      "tarn catalog set DATABASE.TABLE[.COLUMN] KEY=VALUE... [LAKE OPTIONS]\n"
      "tarn catalog create DATABASE.TABLE --column NAME:TYPE... [--partition COLUMN]...\n"
      "tarn catalog vacuum DATABASE.TABLE [--retain 7d] [LAKE OPTIONS]",
      "The catalog (<data-dir>/catalog.db) lists the lake's databases and tables, each\n"
      "table's schema versions (columns are only ever added or widened) and its snapshots:\n"
      "every write commits one snapshot naming all live data files, so readers see a write\n"
      "in full or not at all, and older snapshots stay readable for time travel.\n"
      "\n"
      "search finds TEXT (case-insensitive, literally: % and _ are not wildcards) in the\n"
      "names and descriptions of databases, tables and columns, and in owners and stewards.\n"
      "\n"
      "show prints a table's business metadata, columns, schema versions and snapshots.\n"
      "\n"
      "set changes business metadata: owner, steward and description of a table, and its\n"
      "snapshot retention (retention=30d: how long old snapshots stay readable);\n"
      "description and sensitivity (public, internal, confidential, pii) of a column.\n"
      "pii columns are masked for principals without UNMASK.\n"
      "\n"
      "create registers an empty managed table (files under curated/DATABASE/TABLE/).\n"
      "\n"
      "vacuum expires the table's snapshots older than --retain (default: the table's\n"
      "retention, else 7d; the current snapshot always stays), deletes the data files\n"
      "no remaining snapshot needs, and deletes objects under the table's folder that no\n"
      "snapshot references and that are older than an hour (left by writers that crashed\n"
      "before committing).\n"
      "\n"
      "Statistics bounds and watermarks in catalog.db are sealed with the lake's master\n"
      "key (AES-256-GCM), so no table data is stored there in plaintext.",
      "tarn catalog search revenue\n"
      "tarn catalog show sales.orders\n"
      "tarn catalog set sales.orders owner=ana steward=bo 'description=one row per order'\n"
      "tarn catalog set sales.orders.email sensitivity=pii\n"
      "tarn catalog set sales.orders retention=30d\n"
      "tarn catalog create sales.orders --column id:BIGINT --column dt:DATE --partition dt\n"
      "tarn catalog vacuum sales.orders --retain 30d",
  });
  auto arguments = std::make_shared<CatalogArguments>();

  CLI::App* search = command->add_subcommand("search", "find tables and columns by text");
  search->add_option("TEXT", arguments->text, "text to find")->required();
  AddLakeOptions(search, arguments->lake);
  search->callback([arguments]() { RunSearch(*arguments); });

  CLI::App* show = command->add_subcommand("show", "show a table's schema and snapshots");
  show->add_option("TABLE", arguments->name, "DATABASE.TABLE")->required();
  AddLakeOptions(show, arguments->lake);
  show->callback([arguments]() { RunShow(*arguments); });

  CLI::App* set = command->add_subcommand("set", "set business metadata of a table or column");
  set->add_option("NAME", arguments->name, "DATABASE.TABLE or DATABASE.TABLE.COLUMN")->required();
  set->add_option("ASSIGNMENTS", arguments->assignments, "KEY=VALUE pairs")->required();
  AddLakeOptions(set, arguments->lake);
  set->callback([arguments]() { RunSet(*arguments); });

  CLI::App* create = command->add_subcommand("create", "register an empty managed table");
  create->add_option("TABLE", arguments->name, "DATABASE.TABLE")->required();
  create->add_option("--column", arguments->columns, "NAME:TYPE, repeatable, in order")
      ->type_name("NAME:TYPE")
      ->required();
  create->add_option("--partition", arguments->partition_columns,
                     "Hive partition column, repeatable, in folder order")
      ->type_name("COLUMN");
  AddLakeOptions(create, arguments->lake);
  create->callback([arguments]() { RunCreate(*arguments); });

  CLI::App* vacuum = command->add_subcommand("vacuum", "expire old snapshots and delete files");
  vacuum->add_option("TABLE", arguments->name, "DATABASE.TABLE")->required();
  vacuum->add_option("--retain", arguments->retain,
                     "keep snapshots younger than this: 7d, 12h, 30m, 90s, 0\n"
                     "(default: the table's retention, else 7d)")
      ->type_name("AGE");
  AddLakeOptions(vacuum, arguments->lake);
  vacuum->callback([arguments]() { RunVacuum(*arguments); });
}

}  // namespace tarn::cli

// The data directory's services the routes use, owned by whoever runs the server (cli/serve_command.cc)
// and outliving it. Every pointer may be null (a server without a data directory, unit tests): a
// route whose service is missing answers 404 "not_configured".
#pragma once

#include <functional>
#include <memory>

#include "server/http/http_message.h"

namespace tarn::catalog {
struct Lake;
}
namespace tarn::storage {
class Keyring;
}
namespace tarn::security {
class IdentityStore;
class SecretStore;
class AuditLog;
}
namespace tarn::ingest {
class StreamManager;
}
namespace tarn::sql {
class AccessControl;
}

namespace tarn::server {

class JobRegistry;  // server/jobs/job_registry.h: batch ingest and crawl jobs started over HTTP

struct ServerServices {
  std::string data_dir;
  std::shared_ptr<catalog::Lake> lake;
  storage::Keyring* keyring = nullptr;
  security::IdentityStore* identity = nullptr;
  security::SecretStore* secrets = nullptr;
  security::AuditLog* audit = nullptr;
  ingest::StreamManager* streams = nullptr;
  JobRegistry* jobs = nullptr;
  // The AccessControl of an authenticated principal (security/authz): what its queries, catalog
  // and stream requests may see and do. Null function = everything allowed (tests only).
  std::function<std::shared_ptr<sql::AccessControl>(const Principal&)> access_for;
};

}  // namespace tarn::server

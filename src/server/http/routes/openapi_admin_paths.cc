// The OpenAPI "paths" entries of the catalog, job, admin and auth routes, spliced into the
// document by OpenApiDocument() (openapi_document.cc); openapi_test.cc checks them like the rest.
#include "server/http/routes/route_list.h"

namespace tarn::server {

std::string_view OpenApiAdminPaths() {
  static constexpr std::string_view kPaths = R"json(
    "/v1/catalog/databases": {
      "get": {
        "operationId": "listDatabases",
        "summary": "Databases the caller can see (holds a privilege on the database or a table in it).",
        "responses": {
          "200": {"description": "databases", "content": {"application/json": {"schema": {"type": "object", "properties": {"databases": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/catalog/tables": {
      "get": {
        "operationId": "listTables",
        "summary": "Tables the caller can see, in one database or all.",
        "parameters": [{"name": "database", "in": "query", "required": false, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "tables", "content": {"application/json": {"schema": {"type": "object", "properties": {"tables": {"type": "array", "items": {"$ref": "#/components/schemas/TableSummary"}}}}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/catalog/tables/{database}/{table}": {
      "get": {
        "operationId": "describeTable",
        "summary": "A table: the columns the caller may read (type, sensitivity, description), properties and snapshots. A table the caller cannot see is 404 like a missing one.",
        "parameters": [
          {"name": "database", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "table", "in": "path", "required": true, "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"description": "the table", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TableDetail"}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      },
      "patch": {
        "operationId": "updateTableMetadata",
        "summary": "Sets business metadata (needs ALTER on the table; lowering a pii column's sensitivity needs the admin role). Answers the table as GET does.",
        "parameters": [
          {"name": "database", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "table", "in": "path", "required": true, "schema": {"type": "string"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "description": {"type": "string"}, "owner": {"type": "string"}, "steward": {"type": "string"},
            "retention": {"type": "string", "example": "30d", "description": "how long old snapshots stay readable"},
            "columns": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": false, "properties": {
              "description": {"type": "string"},
              "sensitivity": {"type": "string", "enum": ["public", "internal", "confidential", "pii"]}}}}
          }}}}},
        "responses": {
          "200": {"description": "the table afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TableDetail"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/catalog/search": {
      "get": {
        "operationId": "searchCatalog",
        "summary": "Case-insensitive search over names, descriptions, owners and stewards of what the caller can see.",
        "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "hits", "content": {"application/json": {"schema": {"type": "object", "properties": {"hits": {"type": "array", "items": {"type": "object", "properties": {
            "database": {"type": "string"}, "table": {"type": "string"}, "column": {"type": "string"},
            "matched_in": {"type": "string"}, "text": {"type": "string"}}}}}}}}},
          "400": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/jobs": {
      "post": {
        "operationId": "startJob",
        "summary": "Starts a batch ingest of server-side files into a table (as tarn ingest; needs INSERT on the table, or CREATE on its database for a new one) or a crawl of a directory (as tarn crawl; needs CREATE and ALTER on the database). Both need the admin role or a server started with --allow-file-access.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["kind"], "additionalProperties": false,
          "properties": {
            "kind": {"type": "string", "enum": ["ingest", "crawl"]},
            "table": {"type": "string", "example": "sales.orders", "description": "ingest: database.table (or table: database main)"},
            "source": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}], "description": "ingest: files, directories or globs"},
            "format": {"type": "string", "enum": ["csv", "ndjson", "parquet"]},
            "partition_by": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "on_error": {"type": "string", "enum": ["fail", "skip", "quarantine"], "default": "fail"},
            "zone": {"type": "string", "enum": ["raw", "cleaned", "curated"]},
            "force": {"type": "boolean"},
            "path": {"type": "string", "description": "crawl: the directory"},
            "database": {"type": "string", "default": "main", "description": "crawl: where tables are registered"}
          }}}}},
        "responses": {
          "202": {"description": "queued", "headers": {"Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object", "properties": {"job_id": {"type": "string"}, "status": {"type": "string"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      },
      "get": {
        "operationId": "listJobs",
        "summary": "The caller's jobs, newest first (an administrator's: everyone's).",
        "responses": {"200": {"description": "jobs", "content": {"application/json": {"schema": {"type": "object", "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}}}}}}
      }
    },
    "/v1/jobs/{id}": {
      "get": {
        "operationId": "getJob",
        "summary": "A job's status: queued, running, succeeded, failed or cancelled, with progress, rows, error and result.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "the job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      },
      "delete": {
        "operationId": "cancelJob",
        "summary": "Cancels a queued job; a running one finishes (it commits all of its data or none): 409.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "cancelled", "content": {"application/json": {"schema": {"type": "object"}}}},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/users": {
      "get": {
        "operationId": "listUsers",
        "summary": "Users and service principals (admin role).",
        "responses": {
          "200": {"description": "principals", "content": {"application/json": {"schema": {"type": "object", "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/PrincipalInfo"}}}}}}},
          "403": {"$ref": "#/components/responses/Error"}
        }
      },
      "post": {
        "operationId": "createUser",
        "summary": "Creates a user or service principal with roles and an optional password (admin role).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["name"], "additionalProperties": false,
          "properties": {
            "name": {"type": "string"}, "kind": {"type": "string", "enum": ["user", "service"], "default": "user"},
            "roles": {"type": "array", "items": {"type": "string"}},
            "password": {"type": "string", "description": "users only; stored as an scrypt hash"}
          }}}}},
        "responses": {
          "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PrincipalInfo"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/users/{name}/disable": {
      "post": {
        "operationId": "disableUser",
        "summary": "Disables a principal: its password and tokens stop working (admin role).",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "disabled", "content": {"application/json": {"schema": {"type": "object"}}}},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/users/{name}/roles": {
      "post": {
        "operationId": "changeUserRoles",
        "summary": "Adds and removes roles of a principal (admin role).",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false,
          "properties": {"add": {"type": "array", "items": {"type": "string"}}, "remove": {"type": "array", "items": {"type": "string"}}}}}}},
        "responses": {
          "200": {"description": "the principal afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PrincipalInfo"}}}},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/roles": {
      "get": {
        "operationId": "listRoles",
        "summary": "Roles (built-in admin, created by CREATE ROLE, or held by a principal) and their members (admin role).",
        "responses": {
          "200": {"description": "roles", "content": {"application/json": {"schema": {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "members": {"type": "array", "items": {"type": "string"}}}}}}}}}},
          "403": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/grants": {
      "get": {
        "operationId": "listGrants",
        "summary": "The rows of SHOW GRANTS [FOR ROLE r | USER u] (admin role).",
        "parameters": [
          {"name": "role", "in": "query", "required": false, "schema": {"type": "string"}},
          {"name": "user", "in": "query", "required": false, "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"description": "grants", "content": {"application/json": {"schema": {"type": "object", "properties": {"columns": {"type": "array", "items": {"type": "string"}}, "grants": {"type": "array", "items": {"type": "object"}}}}}}},
          "403": {"$ref": "#/components/responses/Error"}
        }
      },
      "post": {
        "operationId": "executeGrant",
        "summary": "Runs one authorization statement: GRANT, REVOKE, CREATE/DROP ROLE, CREATE/DROP ROW FILTER (docs/authorization.md). Any other statement is refused with 400 not_an_authorization_statement before it runs (admin role).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["statement"], "additionalProperties": false,
          "properties": {"statement": {"type": "string", "example": "GRANT SELECT ON TABLE sales.orders TO ROLE analyst"}}}}}},
        "responses": {
          "200": {"description": "done", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/tokens": {
      "post": {
        "operationId": "createToken",
        "summary": "Creates an API token for a principal; the token is in this answer only (stored as a hash) (admin role).",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["principal"], "additionalProperties": false,
          "properties": {
            "principal": {"type": "string"},
            "expires": {"type": "string", "example": "30d", "description": "s, m, h or d; absent: never"},
            "scopes": {"type": "array", "items": {"type": "string"}}
          }}}}},
        "responses": {
          "201": {"description": "the token, once", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "id": {"type": "string"}, "token": {"type": "string"}, "principal": {"type": "string"},
            "expires_at": {"type": "string", "format": "date-time", "nullable": true}}}}}},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      },
      "get": {
        "operationId": "listTokens",
        "summary": "API and session tokens: ids, principals, expiry, scopes, never the tokens themselves (admin role).",
        "responses": {
          "200": {"description": "tokens", "content": {"application/json": {"schema": {"type": "object", "properties": {"tokens": {"type": "array", "items": {"type": "object"}}}}}}},
          "403": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/tokens/{id}": {
      "delete": {
        "operationId": "revokeToken",
        "summary": "Revokes a token by id (admin role).",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "revoked", "content": {"application/json": {"schema": {"type": "object"}}}},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/admin/keys/rotate": {
      "post": {
        "operationId": "rotateKeys",
        "summary": "As tarn keys rotate: a new master key version, every data key re-wrapped under it; no data file is rewritten (admin role).",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false, "properties": {"rewrap_only": {"type": "boolean"}}}}}},
        "responses": {
          "200": {"description": "rotated", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "version": {"type": "integer"}, "rotated": {"type": "boolean"}, "encrypted": {"type": "boolean"},
            "rewrapped": {"type": "integer"}, "already_current": {"type": "integer"}}}}}},
          "403": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/auth/login": {
      "post": {
        "operationId": "login",
        "summary": "Exchanges a user's password for a short-lived session token (scope session; tarn serve --session-ttl, default 1 h). Failures answer 401 after a fixed delay; attempts are rate limited per address (429).",
        "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "required": ["user", "password"], "additionalProperties": false,
          "properties": {"user": {"type": "string"}, "password": {"type": "string", "format": "password"}}}}}},
        "responses": {
          "200": {"description": "the session token", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "token": {"type": "string"}, "token_id": {"type": "string"}, "user": {"type": "string"},
            "expires_at": {"type": "string", "format": "date-time"}, "expires_in": {"type": "integer"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/auth/logout": {
      "post": {
        "operationId": "logout",
        "summary": "Revokes the token the request is made with (an OIDC JWT cannot be revoked: it expires).",
        "responses": {"200": {"description": "logged out", "content": {"application/json": {"schema": {"type": "object", "properties": {"revoked": {"type": "boolean"}}}}}}}
      }
    })json";
  return kPaths;
}

// Schemas the paths above refer to (#/components/schemas/...).
std::string_view OpenApiAdminSchemas() {
  static constexpr std::string_view kSchemas = R"json(
      "TableSummary": {"type": "object", "properties": {
        "database": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string", "enum": ["managed", "external"]},
        "zone": {"type": "string"}, "format": {"type": "string"}, "description": {"type": "string"},
        "owner": {"type": "string"}, "steward": {"type": "string"}}},
      "TableDetail": {"type": "object", "properties": {
        "database": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
        "zone": {"type": "string"}, "format": {"type": "string"}, "location": {"type": "string"},
        "description": {"type": "string"}, "owner": {"type": "string"}, "steward": {"type": "string"},
        "created_unix_micros": {"type": "integer"},
        "partition_columns": {"type": "array", "items": {"type": "string"}},
        "schema_version": {"type": "integer"},
        "columns": {"type": "array", "items": {"type": "object", "properties": {
          "name": {"type": "string"}, "type": {"type": "string"}, "nullable": {"type": "boolean"},
          "sensitivity": {"type": "string", "enum": ["public", "internal", "confidential", "pii"]},
          "description": {"type": "string"}}}},
        "properties": {"type": "object", "additionalProperties": {"type": "string"}},
        "snapshots": {"type": "object", "properties": {"count": {"type": "integer"}, "current": {"type": "object", "properties": {
          "id": {"type": "integer"}, "operation": {"type": "string"}, "committed_unix_micros": {"type": "integer"},
          "row_count": {"type": "integer", "nullable": true, "description": "null for a caller under a row filter or without SELECT"},
          "file_count": {"type": "integer", "nullable": true}, "schema_version": {"type": "integer"}}}}}}},
      "Job": {"type": "object", "properties": {
        "job_id": {"type": "string"}, "kind": {"type": "string", "enum": ["ingest", "crawl"]},
        "owner": {"type": "string"}, "target": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
        "progress": {"type": "number", "minimum": 0, "maximum": 1}, "rows": {"type": "integer"},
        "created_unix_micros": {"type": "integer"}, "started_unix_micros": {"type": "integer"},
        "finished_unix_micros": {"type": "integer"}, "error": {"type": "string"},
        "result": {"type": "object", "description": "ingest: rows, bytes, rejected, files_ingested, files_skipped, snapshot_id, created_table; crawl: files_seen, tables, skipped"}}},
      "PrincipalInfo": {"type": "object", "properties": {
        "name": {"type": "string"}, "kind": {"type": "string", "enum": ["user", "service"]},
        "roles": {"type": "array", "items": {"type": "string"}}, "disabled": {"type": "boolean"},
        "has_password": {"type": "boolean"}, "created_at": {"type": "string", "format": "date-time"}}})json";
  return kSchemas;
}

}  // namespace tarn::server

// The OpenAPI 3 description of every route (kept true by openapi_test.cc: each registered route is
// documented here and each documented operation is registered).
#include <string>

#include "common/error.h"
#include "server/http/routes/route_list.h"

namespace tarn::server {

namespace {

// Inserts the schemas and paths of the catalog, job, admin and auth routes
// (openapi_admin_paths.cc) at the ends of "components.schemas" and "paths".
std::string SpliceOpenApiParts(std::string_view base) {
  std::string document(base);
  constexpr std::string_view kSchemasEnd = "\n    },\n    \"responses\"";
  size_t schemas_end = document.find(kSchemasEnd);
  TARN_CHECK(schemas_end != std::string::npos);
  document.insert(schemas_end, "," + std::string(OpenApiAdminSchemas()));
  size_t paths_end = document.rfind("\n  }\n}");
  TARN_CHECK(paths_end != std::string::npos);
  document.insert(paths_end, "," + std::string(OpenApiAdminPaths()));
  return document;
}

}  // namespace

std::string_view OpenApiDocument() {
  static constexpr std::string_view kDocument = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "tarn",
    "version": "1",
    "description": "The HTTP API of tarn serve. Errors are {\"error\": {\"code\", \"message\", \"position\"}}; every response carries X-Request-Id."
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer"}
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
              "code": {"type": "string", "example": "syntax_error"},
              "message": {"type": "string"},
              "position": {"type": "integer", "description": "byte offset into the SQL text"}
            }
          }
        }
      },
      "QueryRequest": {
        "type": "object",
        "required": ["sql"],
        "additionalProperties": false,
        "properties": {
          "sql": {"type": "string", "example": "SELECT $1 + 1"},
          "params": {"type": "array", "description": "values bound to $1, $2 ... (scalars)", "items": {}},
          "query_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "description": "id for DELETE /v1/queries/{id}; the server picks one if absent"}
        }
      },
      "QueryResult": {
        "type": "object",
        "properties": {
          "query_id": {"type": "string"},
          "status": {"type": "string", "description": "statements without a result set: INSERT 3, CREATE TABLE ..."},
          "affected_rows": {"type": "integer"},
          "columns": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "type": {"type": "string"}}}},
          "rows": {"type": "array", "items": {"type": "array", "items": {}}},
          "elapsed_ms": {"type": "number"},
          "bytes_scanned": {"type": "integer", "nullable": true}
        }
      },
      "Status": {"type": "object", "properties": {"status": {"type": "string"}}}
    },
    "responses": {
      "Error": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "security": [{"bearer": []}],
  "paths": {
    "/v1/query": {
      "post": {
        "operationId": "runQuery",
        "summary": "Runs SQL with bound parameters; the result is streamed (chunked) as JSON, CSV or NDJSON by the Accept header.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QueryRequest"}}}},
        "responses": {
          "200": {
            "description": "the result",
            "headers": {"X-Query-Id": {"schema": {"type": "string"}}, "X-Elapsed-Ms": {"schema": {"type": "number"}}},
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/QueryResult"}},
              "text/csv": {"schema": {"type": "string"}},
              "application/x-ndjson": {"schema": {"type": "string"}}
            }
          },
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "408": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/Error"},
          "499": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/queries/{id}": {
      "delete": {
        "operationId": "cancelQuery",
        "summary": "Cancels a running query of the caller.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "202": {"description": "cancellation requested", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness: the process answers.",
        "security": [],
        "responses": {"200": {"description": "alive", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}
      }
    },
    "/readyz": {
      "get": {
        "operationId": "ready",
        "summary": "Readiness: 503 while shutting down.",
        "security": [],
        "responses": {
          "200": {"description": "ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "503": {"description": "shutting down", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus text format: requests by route and status, latency histograms, query count and duration.",
        "responses": {"200": {"description": "metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}
      }
    },
    "/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document.",
        "security": [],
        "responses": {"200": {"description": "the OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    }
  }
}
)json";
  static const std::string document = SpliceOpenApiParts(kDocument);
  return document;
}

}  // namespace tarn::server

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
          "bytes_scanned": {"type": "integer"}
        }
      },
      "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
      "StreamColumn": {
        "type": "object",
        "required": ["name", "type"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string"},
          "type": {"type": "string", "example": "BIGINT", "description": "BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, DATE, TIMESTAMP"},
          "nullable": {"type": "boolean", "default": true}
        }
      },
      "StreamDefinition": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,128}$"},
          "database": {"type": "string", "default": "raw"},
          "table": {"type": "string", "description": "default: the stream name in lower case"},
          "schema": {"type": "array", "items": {"$ref": "#/components/schemas/StreamColumn"}, "description": "absent: inferred from the first batch"},
          "buffer_bytes": {"type": "integer", "minimum": 1, "default": 67108864},
          "buffer_seconds": {"type": "number", "exclusiveMinimum": 0, "default": 60},
          "partitioning": {"type": "string", "enum": ["arrival_time", "field", "none"], "default": "arrival_time"},
          "partition_field": {"type": "string", "description": "with partitioning field"},
          "compression": {"type": "string", "enum": ["zstd", "snappy", "gzip", "none"], "default": "zstd"}
        }
      },
      "StreamStatus": {
        "type": "object",
        "properties": {
          "name": {"type": "string"}, "database": {"type": "string"}, "table": {"type": "string"},
          "schema": {"type": "array", "items": {"$ref": "#/components/schemas/StreamColumn"}},
          "buffer_bytes": {"type": "integer"}, "buffer_seconds": {"type": "number"},
          "partitioning": {"type": "string"}, "partition_field": {"type": "string"},
          "compression": {"type": "string"}, "created_by": {"type": "string"},
          "created_at": {"type": "string", "format": "date-time"},
          "buffered_records": {"type": "integer"}, "buffered_bytes": {"type": "integer"},
          "records_per_second": {"type": "number", "description": "accepted, over the last ~10 s"},
          "total_records": {"type": "integer"}, "total_bytes": {"type": "integer"},
          "error_records": {"type": "integer"}, "deliveries": {"type": "integer"},
          "last_delivery": {"type": "string", "format": "date-time", "nullable": true},
          "last_delivery_snapshot": {"type": "integer", "nullable": true},
          "last_error": {"type": "string", "nullable": true},
          "wal_bytes": {"type": "integer"}, "delivered_sequence": {"type": "integer"}
        }
      },
      "StreamList": {"type": "object", "properties": {"streams": {"type": "array", "items": {"$ref": "#/components/schemas/StreamStatus"}}}},
      "PutRecordsResult": {
        "type": "object",
        "properties": {
          "failed_record_count": {"type": "integer", "description": "records not accepted (InvalidJson, NotAnObject)"},
          "error_table_count": {"type": "integer", "description": "records accepted into the error table (SchemaMismatch)"},
          "records": {"type": "array", "description": "one per record, in request order", "items": {
            "type": "object",
            "properties": {
              "sequence": {"type": "integer", "description": "the write-ahead log record holding the batch (absent when the record failed)"},
              "error_code": {"type": "string", "enum": ["InvalidJson", "NotAnObject", "SchemaMismatch"]},
              "error_message": {"type": "string"}
            }
          }}
        }
      },
      "FlushResult": {"type": "object", "properties": {"name": {"type": "string"}, "snapshot_id": {"type": "integer", "nullable": true, "description": "null when nothing was buffered"}}}
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
    "/v1/streams": {
      "post": {
        "operationId": "createStream",
        "summary": "Creates a durable stream (needs CREATE on its database); with a schema, also its table and error table <table>__errors.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamDefinition"}}}},
        "responses": {
          "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamStatus"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      },
      "get": {
        "operationId": "listStreams",
        "summary": "Lists the streams whose table the caller can see.",
        "responses": {
          "200": {"description": "the streams", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamList"}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/streams/{name}": {
      "get": {
        "operationId": "showStream",
        "summary": "A stream's status: buffered records and bytes, records/s, last delivery, errors, WAL bytes.",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "the status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamStatus"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/streams/{name}/records": {
      "post": {
        "operationId": "putRecords",
        "summary": "Puts up to 500 records (4 MiB) as a JSON array or NDJSON (needs INSERT on the stream's table); answered once they are durable in the write-ahead log, with one result per record like PutRecordBatch. A batch is all-or-nothing.",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"type": "array", "maxItems": 500, "items": {"type": "object"}}},
          "application/x-ndjson": {"schema": {"type": "string", "description": "one JSON object per line"}}
        }},
        "responses": {
          "200": {"description": "per-record results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PutRecordsResult"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "429": {"description": "stream buffers are full: retry after Retry-After seconds", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"description": "the write-ahead log is full: retry after Retry-After seconds", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/v1/streams/{name}/flush": {
      "post": {
        "operationId": "flushStream",
        "summary": "Delivers the stream's buffer now (needs INSERT on its table) and answers the committed snapshot.",
        "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "delivered", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FlushResult"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
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
        "summary": "Prometheus text format: requests by route and status, latency histograms, query count and duration, stream records, bytes, deliveries, buffer fill and WAL size.",
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

// The identity of an ingested source file: the SHA-256 of its bytes as stored, recorded in the
// snapshot that ingested it (SnapshotChange::ingested_checksums) so the same file is not ingested
// twice.
#pragma once

#include <string>

namespace tarn::ingest {

// Returns "sha256:<64 lower-case hex digits>" of the file's bytes. Throws Error(kIoError) naming
// the file when it cannot be read.
std::string FileChecksum(const std::string& path);

}  // namespace tarn::ingest

// Master key rotation of a lake (`tarn keys rotate`, POST /v1/admin/keys/rotate): a new master key
// version, then every data key re-wrapped under it. Only envelopes are rewritten, never data.
#pragma once

#include <cstdint>

#include "storage/lake_store.h"

namespace tarn::storage {

struct KeyRotationResult {
  uint32_t version = 0;      // the current master key version afterwards
  bool rotated = false;      // a new version was added (false with rewrap_only)
  bool encrypted = false;    // the lake is encrypted (else there are no data keys)
  uint64_t rewrapped = 0;    // data keys moved to the current version
  uint64_t already_current = 0;
};

// Adds a master key version to 'lake's keyring (unless 'rewrap_only') and re-wraps the lake's data
// keys under the current version. Safe to interrupt and rerun. Thread-safe against readers and
// writers of the same LakeStore (the keyring only grows). Throws what Keyring::Rotate throws
// (kNotSupported for keys from TARN_MASTER_KEY) and what RewrapAll throws.
KeyRotationResult RotateLakeMasterKey(LakeStore& lake, int64_t now_unix_seconds, bool rewrap_only);

}  // namespace tarn::storage

#include "storage/encryption/key_rotation.h"

namespace tarn::storage {

KeyRotationResult RotateLakeMasterKey(LakeStore& lake, int64_t now_unix_seconds,
                                      bool rewrap_only) {
  KeyRotationResult result;
  Keyring* keyring = lake.keyring();
  if (keyring != nullptr && !rewrap_only) {
    keyring->Rotate(now_unix_seconds);
    result.rotated = true;
  }
  if (keyring != nullptr) result.version = keyring->Current().version;
  if (EncryptedObjectStore* encrypted = lake.encrypted()) {
    result.encrypted = true;
    EncryptedObjectStore::RewrapResult rewrap = encrypted->RewrapAll();
    result.rewrapped = rewrap.rewrapped;
    result.already_current = rewrap.already_current;
  }
  return result;
}

}  // namespace tarn::storage

#include "storage/encryption/aes_gcm.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <limits>

#include "common/error.h"

namespace tarn::storage {
namespace {

EVP_CIPHER_CTX* Context(void* context) { return static_cast<EVP_CIPHER_CTX*>(context); }

// Feeds at most INT_MAX bytes per EVP call (its length parameters are int).
template <typename Update>
bool ProcessInChunks(std::span<const uint8_t> input, uint8_t* output, Update update) {
  constexpr size_t kChunk = size_t{1} << 30;
  for (size_t done = 0; done < input.size();) {
    size_t chunk = std::min(kChunk, input.size() - done);
    int written = 0;
    if (update(output + done, &written, input.data() + done, static_cast<int>(chunk)) != 1)
      return false;
    done += chunk;
  }
  return true;
}

}  // namespace

AesGcm::AesGcm(std::span<const uint8_t, kAesKeySize> key) {
  EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
  if (context == nullptr) throw Error(ErrorCode::kOutOfMemory, "cannot allocate a cipher context");
  // Schedule the key once; each message only sets its nonce (EncryptInit with a null cipher/key).
  if (EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1) {
    EVP_CIPHER_CTX_free(context);
    throw Error(ErrorCode::kInternal, "cannot initialize AES-256-GCM");
  }
  context_ = context;
}

AesGcm::~AesGcm() { EVP_CIPHER_CTX_free(Context(context_)); }  // frees and wipes the key schedule

void AesGcm::Encrypt(std::span<const uint8_t, kGcmNonceSize> nonce, std::span<const uint8_t> aad,
                     std::span<const uint8_t> plaintext, uint8_t* ciphertext, uint8_t* tag) {
  EVP_CIPHER_CTX* context = Context(context_);
  int written = 0;
  bool ok =
      EVP_EncryptInit_ex(context, nullptr, nullptr, nullptr, nonce.data()) == 1 &&
      (aad.empty() || EVP_EncryptUpdate(context, nullptr, &written, aad.data(),
                                        static_cast<int>(aad.size())) == 1) &&
      ProcessInChunks(plaintext, ciphertext,
                      [context](uint8_t* out, int* out_length, const uint8_t* in, int in_length) {
                        return EVP_EncryptUpdate(context, out, out_length, in, in_length);
                      }) &&
      EVP_EncryptFinal_ex(context, ciphertext + plaintext.size(), &written) == 1 &&
      EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, kGcmTagSize, tag) == 1;
  if (!ok) throw Error(ErrorCode::kInternal, "AES-256-GCM encryption failed");
}

bool AesGcm::Decrypt(std::span<const uint8_t, kGcmNonceSize> nonce, std::span<const uint8_t> aad,
                     std::span<const uint8_t> ciphertext, const uint8_t* tag, uint8_t* plaintext) {
  EVP_CIPHER_CTX* context = Context(context_);
  int written = 0;
  if (EVP_DecryptInit_ex(context, nullptr, nullptr, nullptr, nonce.data()) != 1) return false;
  if (!aad.empty() && EVP_DecryptUpdate(context, nullptr, &written, aad.data(),
                                        static_cast<int>(aad.size())) != 1) {
    return false;
  }
  if (!ProcessInChunks(ciphertext, plaintext,
                       [context](uint8_t* out, int* out_length, const uint8_t* in, int in_length) {
                         return EVP_DecryptUpdate(context, out, out_length, in, in_length);
                       })) {
    return false;
  }
  if (EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, kGcmTagSize, const_cast<uint8_t*>(tag)) !=
      1)
    return false;
  return EVP_DecryptFinal_ex(context, plaintext + ciphertext.size(), &written) == 1;
}

void WipeBytes(std::span<uint8_t> bytes) { OPENSSL_cleanse(bytes.data(), bytes.size()); }

}  // namespace tarn::storage

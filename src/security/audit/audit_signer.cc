#include "security/audit/audit_signer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "security/sha256.h"
#include "storage/encryption/aes_gcm.h"
#include "storage/encryption/value_sealer.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

constexpr std::string_view kSealContext = "audit signing key";

std::string KeyPath(const std::string& audit_dir) { return audit_dir + "/signing.key"; }
std::string PublicPath(const std::string& audit_dir) { return audit_dir + "/signing.pub"; }

std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  std::ostringstream text;
  text << stream.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Writes 'text' to 'path' (mode 'mode') only if it does not exist; false when it does.
bool WriteIfAbsent(const std::string& path, const std::string& text, mode_t mode) {
  std::string temporary = path + ".tmp-" + storage::RandomHex(8);
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw Error(ErrorCode::kIoError, "cannot create audit key file").At({temporary, 0, 0, -1});
  std::string line = text + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(temporary.c_str());
    throw Error(ErrorCode::kIoError, "cannot write audit key file").At({path, 0, 0, -1});
  }
  bool linked = ::link(temporary.c_str(), path.c_str()) == 0;
  ::unlink(temporary.c_str());
  return linked;
}

Ed25519PublicKey DerivePublic(const std::array<uint8_t, 32>& private_key) {
  EVP_PKEY* key =
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key.data(), private_key.size());
  Ed25519PublicKey out{};
  size_t length = out.size();
  bool ok = key != nullptr && EVP_PKEY_get_raw_public_key(key, out.data(), &length) == 1 &&
            length == out.size();
  EVP_PKEY_free(key);
  if (!ok) throw Error(ErrorCode::kInternal, "ed25519 key derivation failed in OpenSSL");
  return out;
}

}  // namespace

std::unique_ptr<AuditSigner> AuditSigner::Load(const std::string& audit_dir,
                                               const storage::Keyring& keyring) {
  std::optional<std::string> sealed = ReadSmallFile(KeyPath(audit_dir));
  if (!sealed) return nullptr;
  storage::ValueSealer sealer(keyring, "audit");
  std::string hex;
  try {
    hex = sealer.Open(*sealed, kSealContext);
  } catch (const Error& error) {
    throw Error(error.code(), "audit signing key does not open: " + error.message())
        .At({KeyPath(audit_dir), 0, 0, -1});
  }
  std::unique_ptr<AuditSigner> signer(new AuditSigner());
  bool ok = HexDecode(hex, signer->private_key_);
  storage::WipeBytes({reinterpret_cast<uint8_t*>(hex.data()), hex.size()});
  if (!ok) throw Error(ErrorCode::kCorrupt, "malformed audit signing key").At({KeyPath(audit_dir), 0, 0, -1});
  signer->public_key_ = DerivePublic(signer->private_key_);
  return signer;
}

std::unique_ptr<AuditSigner> AuditSigner::LoadOrCreate(const std::string& audit_dir,
                                                       const storage::Keyring& keyring) {
  if (auto signer = Load(audit_dir, keyring)) return signer;
  std::array<uint8_t, 32> seed{};
  storage::FillRandomBytes(seed);
  std::string hex = HexEncode(seed);
  storage::ValueSealer sealer(keyring, "audit");
  std::string sealed = sealer.Seal(hex, kSealContext);
  storage::WipeBytes({reinterpret_cast<uint8_t*>(hex.data()), hex.size()});
  storage::WipeBytes(seed);
  // Another process may have won the race: then its key is the key.
  WriteIfAbsent(KeyPath(audit_dir), sealed, 0600);
  auto signer = Load(audit_dir, keyring);
  TARN_CHECK(signer != nullptr);
  if (!ReadAuditPublicKey(audit_dir)) {
    WriteIfAbsent(PublicPath(audit_dir), HexEncode(signer->public_key_), 0644);
  }
  return signer;
}

AuditSigner::~AuditSigner() { storage::WipeBytes(private_key_); }

std::string AuditSigner::Sign(std::string_view message) const {
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key_.data(),
                                               private_key_.size());
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::array<uint8_t, 64> signature{};
  size_t length = signature.size();
  bool ok = key != nullptr && context != nullptr &&
            EVP_DigestSignInit(context, nullptr, nullptr, nullptr, key) == 1 &&
            EVP_DigestSign(context, signature.data(), &length,
                           reinterpret_cast<const unsigned char*>(message.data()),
                           message.size()) == 1 &&
            length == signature.size();
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(key);
  if (!ok) throw Error(ErrorCode::kInternal, "ed25519 signing failed in OpenSSL");
  return HexEncode(signature);
}

std::optional<Ed25519PublicKey> ReadAuditPublicKey(const std::string& audit_dir) {
  std::optional<std::string> text = ReadSmallFile(PublicPath(audit_dir));
  Ed25519PublicKey key{};
  if (!text || !HexDecode(*text, key)) return std::nullopt;
  return key;
}

bool VerifyAuditSignature(const Ed25519PublicKey& key, std::string_view message,
                          std::string_view signature_hex) {
  std::array<uint8_t, 64> signature{};
  if (!HexDecode(signature_hex, signature)) return false;
  EVP_PKEY* public_key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  bool ok = public_key != nullptr && context != nullptr &&
            EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, public_key) == 1 &&
            EVP_DigestVerify(context, signature.data(), signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()) == 1;
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(public_key);
  return ok;
}

}  // namespace tarn::security

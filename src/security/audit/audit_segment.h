// Where the audit log lives and how its segment files are named: <data-dir>/audit/segment-NNNNNN.log,
// numbered from 1; a new segment starts with a copy of the previous one's last digest, so each
// segment alone tells where the chain stands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarn::security {

// Names of the members that make a line an entry or a digest; hashes and signatures cover the
// line up to the last member (see audit_log.h).
constexpr std::string_view kHashMember = ",\"hash\":\"";
constexpr std::string_view kSignatureMember = ",\"signature\":\"";

// "<data_dir>/audit".
std::string AuditDirectory(const std::string& data_dir);
// "<audit_dir>/segment-000042.log".
std::string AuditSegmentPath(const std::string& audit_dir, int index);
// The segment numbers present in 'audit_dir', ascending.
std::vector<int> ListAuditSegments(const std::string& audit_dir);

}  // namespace tarn::security

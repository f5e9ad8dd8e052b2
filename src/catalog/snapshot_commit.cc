#include "catalog/snapshot_commit.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <thread>

#include "common/error.h"

namespace tarn::catalog {

Snapshot CommitWithRetry(Catalog& catalog, int64_t table_id, const BuildChange& build,
                         const CommitRetryPolicy& policy) {
  std::minstd_rand random(std::random_device{}());
  std::chrono::milliseconds backoff = policy.initial_backoff;
  int attempts = std::max(policy.max_attempts, 1);
  for (int attempt = 1;; ++attempt) {
    std::optional<Snapshot> base = catalog.FindSnapshot(table_id, {});
    SnapshotChange change = build(base);
    change.base_snapshot_id = base ? base->id : 0;
    try {
      return catalog.CommitSnapshot(table_id, change);
    } catch (const Error& error) {
      if (error.code() != ErrorCode::kConflict) throw;
      if (attempt >= attempts) {
        throw Error(ErrorCode::kConflict,
                    fmt::format("commit to table {} gave up after {} attempts: other writers "
                                "committed first each time ({})",
                                table_id, attempt, error.message()));
      }
    }
    // Full jitter: a pause anywhere in [0, backoff] spreads writers that collided apart.
    int64_t limit = std::max<int64_t>(backoff.count(), 1);
    std::uniform_int_distribution<int64_t> pause(0, limit);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
    backoff = std::min(backoff * 2, policy.max_backoff);
  }
}

}  // namespace tarn::catalog

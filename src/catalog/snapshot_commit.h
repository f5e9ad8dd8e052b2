// Optimistic commits with retry: read the current snapshot, build a change on it, commit; when
// another writer committed first (Error(kConflict)), re-read, let the caller rebuild its change on
// the new snapshot, and try again after a randomized, growing pause.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "catalog/catalog.h"

namespace tarn::catalog {

struct CommitRetryPolicy {
  int max_attempts = 20;                                // commits tried before giving up
  std::chrono::milliseconds initial_backoff{2};         // pause after the first conflict
  std::chrono::milliseconds max_backoff{250};           // the pause doubles up to this
};

// Builds the change to commit on top of 'base' (nullopt: the table has no snapshot yet). May be
// called several times, once per attempt; CommitWithRetry sets base_snapshot_id itself. Files the
// change adds can be written once and reused across attempts (their keys are unique); files it
// removes must be chosen again from 'base'.
using BuildChange = std::function<SnapshotChange(const std::optional<Snapshot>& base)>;

// Commits the change 'build' returns, retrying on kConflict. Returns the committed snapshot.
// Throws Error(kConflict) naming the table and the number of attempts when every attempt lost to
// another writer; any other error (from 'build' or the commit) passes through at once.
Snapshot CommitWithRetry(Catalog& catalog, int64_t table_id, const BuildChange& build,
                         const CommitRetryPolicy& policy = {});

}  // namespace tarn::catalog

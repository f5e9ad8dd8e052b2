// Parquet files as objects of the lake's store: a ParquetInput that serves reads with ranged Gets
// (through EncryptedObjectStore only the segments a read touches are fetched and decrypted) and a
// ParquetOutput that streams into an ObjectWriter.
#pragma once

#include <memory>
#include <string>

#include "format/parquet/parquet_input.h"
#include "format/parquet/parquet_output.h"
#include "storage/object_store/object_store.h"

namespace tarn::catalog {

// 'store' must outlive the input. Throws Error(kNotFound) "data file <key> is missing" when the
// object does not exist, what the store throws otherwise.
std::unique_ptr<format::parquet::ParquetInput> OpenObjectParquetInput(storage::ObjectStore& store,
                                                                      std::string key);

// Writes the object 'key' (which must not exist yet: Commit throws Error(kConflict) if it does).
// 'store' must outlive the output.
std::unique_ptr<format::parquet::ParquetOutput> OpenObjectParquetOutput(storage::ObjectStore& store,
                                                                        std::string key);

}  // namespace tarn::catalog

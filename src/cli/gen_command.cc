#include "cli/gen_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "common/error.h"
#include "common/thread_pool.h"

namespace tarn::cli {
namespace {

constexpr uint64_t kRowsPerBlock = 65536;

// SplitMix64 (Steele, Lea, Flood 2014): a counter-based stream, so any row can be generated alone.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t state) : state_(state) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in (-1, 1) with 53 random bits.
  double NextSigned() { return static_cast<double>(static_cast<int64_t>(Next() >> 10) - (int64_t{1} << 53)) * 0x1p-53; }

 private:
  uint64_t state_;
};

// Two independent standard normals by Marsaglia's polar method (only sqrt and log, no trig).
void NormalPair(SplitMix64& random, double& first, double& second) {
  while (true) {
    double u = random.NextSigned();
    double v = random.NextSigned();
    double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) {
      double factor = std::sqrt(-2.0 * std::log(s) / s);
      first = u * factor;
      second = v * factor;
      return;
    }
  }
}

void AppendDouble(std::string& out, double value) {
  char text[32];
  auto result = std::to_chars(text, text + sizeof(text), value);
  out.append(text, result.ptr);
}

void AppendInteger(std::string& out, uint64_t value) {
  char text[24];
  auto result = std::to_chars(text, text + sizeof(text), value);
  out.append(text, result.ptr);
}

// Appends rows [begin, end) to 'out'.
void GenerateRows(uint64_t seed, uint64_t begin, uint64_t end, std::string& out) {
  for (uint64_t row = begin; row < end; ++row) {
    // Each row has its own stream, keyed by (seed, row) through one mixing step.
    SplitMix64 key(seed ^ 0x5DEECE66Dull);
    SplitMix64 random(key.Next() ^ (row * 0xD1B54A32D192ED03ull));
    double value1, value2, value3, unused;
    NormalPair(random, value1, value2);
    NormalPair(random, value3, unused);
    uint64_t category = ((random.Next() >> 32) * 1000) >> 32;
    AppendInteger(out, row);
    out.push_back(',');
    AppendDouble(out, value1);
    out.push_back(',');
    AppendDouble(out, value2);
    out.push_back(',');
    AppendDouble(out, value3);
    out.push_back(',');
    AppendInteger(out, category);
    out.push_back('\n');
  }
}

void WriteAll(int descriptor, const std::string& bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t wrote = write(descriptor, bytes.data() + done, bytes.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kIoError, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
    }
    done += static_cast<size_t>(wrote);
  }
}

}  // namespace

void WriteSeedFile(const std::string& path, uint64_t rows, uint64_t seed, size_t threads) {
  std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  int descriptor = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (descriptor < 0) {
    throw Error(ErrorCode::kIoError, fmt::format("cannot create '{}': {}", temporary, std::strerror(errno)));
  }
  try {
    WriteAll(descriptor, "id,value1,value2,value3,category\n", temporary);
    ThreadPool pool(threads);
    size_t parallelism = pool.size();
    uint64_t blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
    size_t round_blocks = parallelism * 2;
    std::vector<std::string> outputs(round_blocks);
    for (uint64_t first = 0; first < blocks; first += round_blocks) {
      uint64_t count = std::min<uint64_t>(round_blocks, blocks - first);
      std::atomic<uint64_t> next{0};
      pool.Run(parallelism, [&](size_t) {
        for (uint64_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
          uint64_t block = first + i;
          outputs[i].clear();
          GenerateRows(seed, block * kRowsPerBlock, std::min(rows, (block + 1) * kRowsPerBlock), outputs[i]);
        }
      });
      for (uint64_t i = 0; i < count; ++i) WriteAll(descriptor, outputs[i], temporary);
    }
    if (close(descriptor) != 0) {
      descriptor = -1;
      throw Error(ErrorCode::kIoError, fmt::format("cannot write '{}': {}", temporary, std::strerror(errno)));
    }
    descriptor = -1;
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      throw Error(ErrorCode::kIoError, fmt::format("cannot rename '{}' to '{}': {}", temporary, path,
                                                   std::strerror(errno)));
    }
  } catch (...) {
    if (descriptor >= 0) close(descriptor);
    unlink(temporary.c_str());
    throw;
  }
}

void AddGenCommand(CLI::App& app) {
  CLI::App* gen = app.add_subcommand("gen", "generate datasets");
  gen->require_subcommand(1);
  CLI::App* seed_command = gen->add_subcommand(
      "seed", "write the seed dataset: id,value1,value2,value3,category (values standard normal)");
  struct Arguments {
    uint64_t rows = 0;
    std::string out;
    uint64_t seed = 42;
    size_t threads = 0;
  };
  auto arguments = std::make_shared<Arguments>();
  seed_command->add_option("--rows", arguments->rows, "number of rows")->required();
  seed_command->add_option("--out", arguments->out, "output file (written atomically)")->required();
  seed_command->add_option("--seed", arguments->seed, "random seed (default 42)");
  seed_command->add_option("--threads", arguments->threads, "worker threads (default: all cores)");
  seed_command->callback([arguments]() {
    WriteSeedFile(arguments->out, arguments->rows, arguments->seed, arguments->threads);
  });
}

}  // namespace tarn::cli

// The tarn binary: dispatches to one command per file in src/cli/.
#include <cstdio>

int main(int argc, char** argv) {
  std::fprintf(stderr, "tarn: not built yet\n");
  return 1;
}

// A main for the harnesses without libFuzzer: runs LLVMFuzzerTestOneInput on
// every file given, and on every file inside each folder given, then prints
// how many ran. A failed property aborts (FUZZ_CHECK), so CTest replays the
// committed corpus on every build — with g++, and under ASan + UBSan in CI —
// and a harness that no longer compiles fails the ordinary build.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void RunOne(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  int ran = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    if (!std::filesystem::is_directory(path)) {
      RunOne(path);
      ++ran;
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(path)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) RunOne(f);
    ran += static_cast<int>(files.size());
  }
  std::cout << ran << " inputs replayed\n";
  return ran > 0 ? 0 : 1;  // an empty corpus proves nothing
}

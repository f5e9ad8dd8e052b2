// Turns what a user wrote in FROM 'x' (files, directories, globs) into the sorted list of files a
// scan reads. Shared by every format.
#pragma once

#include <string>
#include <vector>

namespace tarn::format {

// Expands each entry of 'paths': a glob ('dir/*.csv', '?', '[...]') to its matching regular files,
// a directory to the regular files directly inside it (hidden files skipped), a file to itself.
// Each entry's matches are sorted; entries keep their order. Throws Error(kIoError) naming the entry
// when it does not exist or matches nothing.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths);

}  // namespace tarn::format

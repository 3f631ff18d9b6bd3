#!/usr/bin/env bash
# Fails when the domain core (the directory given, normally shared/) includes an I/O,
# clock, thread, randomness or platform header, reads a clock, or calls a random source.
# It scans every file under the directory, so new files are covered without a list.
set -u
if [ "${1:-}" = "--self-test" ]; then
  # Proves the check can fail: each forbidden pattern in a scratch tree must be caught.
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for line in '#include <thread>' '#include <fstream>' '#include "sqlite3.h"' '#include <emscripten/fetch.h>' \
              'auto t = std::chrono::system_clock::now();' 'int r = rand();'; do
    printf '%s\n' "$line" > "$tmp/bad.cpp"
    if "$0" "$tmp" >/dev/null; then echo "self-test: not caught: $line"; exit 1; fi
  done
  printf 'int ok();\n' > "$tmp/bad.cpp"
  "$0" "$tmp" >/dev/null || { echo "self-test: clean file refused"; exit 1; }
  echo "core purity self-test: every forbidden pattern caught"; exit 0
fi
dir=${1:?usage: core_purity_test.sh SHARED_DIR | --self-test}
forbidden_includes='#[[:space:]]*include[[:space:]]*[<"](fstream|iostream|cstdio|stdio\.h|thread|mutex|shared_mutex|condition_variable|future|atomic|random|chrono|ctime|time\.h|filesystem|sys/[^>"]*|unistd\.h|fcntl\.h|sqlite3\.h|httplib\.h|sodium\.h|emscripten[^>"]*|GLFW/[^>"]*|imgui[^>"]*)[>"]'
forbidden_calls='(system_clock|steady_clock|high_resolution_clock|time\(NULL\)|time\(nullptr\)|[^_a-z]rand\(|srand\(|random_device|randombytes|getenv\(|fopen\(|std::cout|std::cerr|printf\()'
status=0
if hits=$(grep -rnE "$forbidden_includes" "$dir" --include='*.h' --include='*.cpp' --include='*.c'); then
  echo "The core includes a forbidden header (pass data in instead):"; echo "$hits"; status=1
fi
if hits=$(grep -rnE "$forbidden_calls" "$dir" --include='*.h' --include='*.cpp' --include='*.c'); then
  echo "The core reads a clock, a random source, the environment or does I/O:"; echo "$hits"; status=1
fi
files=$(find "$dir" -name '*.cpp' -o -name '*.h' -o -name '*.c' | wc -l)
[ "$files" -gt 0 ] || { echo "no sources found under $dir"; exit 1; }
[ $status -eq 0 ] && echo "core purity: $files files clean"
exit $status

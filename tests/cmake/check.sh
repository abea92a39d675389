#!/usr/bin/env bash
# The CMake integration as a user meets it (COMPILER.md §3, §6, §7); ctest runs this as
# `cmake_integration`:
#   check.sh SOURCE_DIR BUILD_DIR WORK_DIR
# installs asyncc from BUILD_DIR (already built) into WORK_DIR/prefix and moves that prefix, then
#  1. `asyncc run` from the moved prefix finds the moved runtime, with CXX="ccache g++";
#  2. with Ninja and with Unix Makefiles, builds the tests/cmake project (find_package), runs it;
#     touching one .adsl file re-translates only it and relinks the app; touching asyncc
#     re-translates both; a type error fails the build with asyncc's diagnostic and leaves no
#     generated file for that .adsl behind; fixing it builds again;
#  3. configures the project against SOURCE_DIR through add_subdirectory().
# WORK_DIR is stable between runs (wiped at the start) so that ccache hits.
set -euo pipefail
src=$1 build=$2 work=$3
project_src=$src/tests/cmake

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
# expect_output EXE: the app prints what main.cpp computes.
expect_output() {
  local out
  out=$("$1")
  [[ $out == $'fetch(1) = 42\nsum_to(10) = 55' ]] || fail "$1 printed: $out"
}
# translations LOG: the files the build log says were translated, sorted, one line.
translations() { grep -o 'Translating [a-z_]*\.adsl' "$1" | sed 's/Translating //' | sort | tr '\n' ' ' || true; }

launcher=()
cxx="g++"
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cxx="ccache g++"
fi

rm -rf "$work"
mkdir -p "$work"
step "install into a prefix, then move it"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
mv "$work/prefix" "$work/moved"
prefix=$work/moved
for f in bin/asyncc lib/cmake/asyncc/asynccConfig.cmake lib/cmake/asyncc/asynccConfigVersion.cmake \
         lib/cmake/asyncc/asynccTargets.cmake include/asyncc/runtime.hpp; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done

step "asyncc run from the moved prefix, CXX=\"$cxx\""
printf 'async fn main() {\n    println!("hello from {}", "the moved prefix");\n}\n' > "$work/hello.adsl"
out=$(cd "$work" && XDG_CACHE_HOME=$work/run-cache CXX=$cxx "$prefix/bin/asyncc" run hello.adsl)
[[ $out == "hello from the moved prefix" ]] || fail "asyncc run printed: $out"

for generator in Ninja "Unix Makefiles"; do
  name=${generator// /-}
  project=$work/$name-project
  bin=$work/$name-build
  log=$work/$name.log
  cp -r "$project_src" "$project"
  rm -f "$project/check.sh"

  step "$generator: configure with find_package, build, run"
  cmake -S "$project" -B "$bin" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" >/dev/null
  cmake --build "$bin" > "$log" 2>&1 || { cat "$log"; fail "the first build failed"; }
  [[ $(translations "$log") == "jobs.adsl stats.adsl " ]] || { cat "$log"; fail "first build translated: $(translations "$log")"; }
  expect_output "$bin/app"

  step "$generator: nothing to do"
  cmake --build "$bin" > "$log" 2>&1
  [[ -z $(translations "$log") ]] || { cat "$log"; fail "an unchanged build translated: $(translations "$log")"; }

  step "$generator: touch jobs.adsl: only it is re-translated, the app relinked"
  sleep 1  # mtime granularity of make
  touch "$project/jobs.adsl"
  cmake --build "$bin" > "$log" 2>&1 || { cat "$log"; fail "the rebuild failed"; }
  [[ $(translations "$log") == "jobs.adsl " ]] || { cat "$log"; fail "after touching jobs.adsl: $(translations "$log")"; }
  grep -q 'Linking CXX executable app' "$log" || { cat "$log"; fail "the app was not relinked"; }
  expect_output "$bin/app"

  step "$generator: touch asyncc: both files are re-translated"
  sleep 1
  touch "$prefix/bin/asyncc"
  cmake --build "$bin" > "$log" 2>&1 || { cat "$log"; fail "the rebuild failed"; }
  [[ $(translations "$log") == "jobs.adsl stats.adsl " ]] || { cat "$log"; fail "after touching asyncc: $(translations "$log")"; }

  step "$generator: a type error in jobs.adsl fails the build with asyncc's diagnostic"
  cp "$project/jobs.adsl" "$work/jobs.adsl.good"
  error_line=$(($(wc -l < "$project/jobs.adsl") + 1))
  echo 'fn broken() { let x: i32 = "no"; }' >> "$project/jobs.adsl"
  if cmake --build "$bin" > "$log" 2>&1; then cat "$log"; fail "the broken build succeeded"; fi
  grep -q '^error\[E0308\]: mismatched types' "$log" || { cat "$log"; fail "no error[E0308]"; }
  grep -q -- "--> $project/jobs.adsl:$error_line:28\$" "$log" || { cat "$log"; fail "no --> jobs.adsl:$error_line:28"; }
  for stale in "$bin/asyncc/jobs.adsl.cpp" "$bin/asyncc/jobs.adsl.hpp"; do
    [[ ! -e $stale ]] || fail "stale $stale left behind"
  done

  step "$generator: fixed again, it builds"
  cp "$work/jobs.adsl.good" "$project/jobs.adsl"
  cmake --build "$bin" > "$log" 2>&1 || { cat "$log"; fail "the build after the fix failed"; }
  expect_output "$bin/app"
done

step "configure through add_subdirectory() of the source checkout"
cmake -S "$work/Ninja-project" -B "$work/subdir-build" -G Ninja -DASYNCC_SOURCE_DIR="$src" "${launcher[@]}" \
  > "$work/subdir.log" 2>&1 || { cat "$work/subdir.log"; fail "configuring with add_subdirectory failed"; }
# The translation runs the checkout's own asyncc, built first.
grep -q 'Translating jobs.adsl' "$work/subdir-build/build.ninja" || fail "no translation rule in build.ninja"
grep -q 'asyncc-build/tools/asyncc/asyncc .*jobs.adsl -o' "$work/subdir-build/build.ninja" \
  || fail "the translation does not run the checkout's asyncc"
echo "cmake_integration: all checks passed"

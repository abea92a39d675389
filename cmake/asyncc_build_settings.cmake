# Project-wide build settings, kept out of the top-level CMakeLists.txt.
# A project that adds this checkout with add_subdirectory() gets neither the tests nor the install
# rules unless it asks for them.
option(ASYNCC_BUILD_TESTS "Build the unit and lit tests" ${PROJECT_IS_TOP_LEVEL})
option(ASYNCC_INSTALL "Define the install rules (cmake --install)" ${PROJECT_IS_TOP_LEVEL})
option(ASYNCC_BUILD_BENCH "Build the benchmarks" OFF)
option(ASYNCC_BUILD_FUZZ "Build the libFuzzer targets (clang only)" OFF)
option(ASYNCC_ONLY_RUNTIME "Build only the runtime (and its tests)" OFF)
set(ASYNCC_SANITIZE "" CACHE STRING "Sanitizers for every target: '', 'address,undefined' or 'thread'")

# The runtime and generated code are C++17; the compiler may use C++20.
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
include(GNUInstallDirs)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Debug)
endif()

find_program(ASYNCC_CCACHE ccache)
if(ASYNCC_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${ASYNCC_CCACHE}")
endif()

set(ASYNCC_WARNINGS -Wall -Wextra -Wpedantic)

if(ASYNCC_SANITIZE)
  add_compile_options(-fsanitize=${ASYNCC_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ASYNCC_SANITIZE})
endif()

# Fuzzing needs coverage feedback from every library, not just the fuzz target.
if(ASYNCC_BUILD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# asyncc_phase_library(NAME SOURCES... DEPENDS libs...): one compiler phase as its own library.
function(asyncc_phase_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(asyncc_${name} STATIC ${ARG_SOURCES})
  target_compile_features(asyncc_${name} PUBLIC cxx_std_20)
  target_compile_options(asyncc_${name} PRIVATE ${ASYNCC_WARNINGS})
  target_include_directories(asyncc_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(asyncc_${name} PUBLIC ${ARG_DEPENDS})
endfunction()

# find_package(asyncc CONFIG) (COMPILER.md §6): imports asyncc::asyncc (the compiler) and
# asyncc::runtime (the runtime library, its headers and Threads), and defines
# asyncc_target_sources().
include(CMakeFindDependencyMacro)
find_dependency(Threads)
include("${CMAKE_CURRENT_LIST_DIR}/asynccTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/asyncc_target_sources.cmake")

# `cmake --install`: the compiler (bin/), the runtime library (lib/) and headers (include/asyncc/),
# and the CMake package (lib/cmake/asyncc/) that imports them as asyncc::asyncc and asyncc::runtime.
# An installed asyncc finds the runtime relative to itself (compiler/driver/runtime_location.cpp),
# so the prefix may be moved.
include(CMakePackageConfigHelpers)
set(ASYNCC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/asyncc")

set_target_properties(asyncc_runtime PROPERTIES EXPORT_NAME runtime)
install(TARGETS asyncc_runtime EXPORT asyncc-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY runtime/include/asyncc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET asyncc)
  install(TARGETS asyncc EXPORT asyncc-targets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT asyncc-targets NAMESPACE asyncc:: FILE asynccTargets.cmake DESTINATION ${ASYNCC_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/asynccConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES cmake/asynccConfig.cmake cmake/asyncc_target_sources.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/asynccConfigVersion.cmake
        DESTINATION ${ASYNCC_INSTALL_CMAKEDIR})

# asyncc_target_sources(<target> <PRIVATE|PUBLIC|INTERFACE> <file.adsl>... [NAMESPACE <ns>])
# (COMPILER.md §6): translates each .adsl file at build time into
# ${CMAKE_CURRENT_BINARY_DIR}/asyncc/<name>.adsl.cpp and <name>.adsl.hpp, compiles the .cpp into
# <target> (into its users for INTERFACE), puts the headers' folder on the include path and links
# asyncc::runtime, both with the scope given. The items go into namespace <ns>, by default the
# file's stem made an identifier (asyncc's own default, so it is not repeated here).
# Needs the targets asyncc::asyncc and asyncc::runtime: asynccConfig.cmake imports them, and a
# source checkout added with add_subdirectory() defines them.
include_guard(GLOBAL)

function(asyncc_target_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "NAMESPACE" "PRIVATE;PUBLIC;INTERFACE")
  if(ARG_UNPARSED_ARGUMENTS OR NOT (ARG_PRIVATE OR ARG_PUBLIC OR ARG_INTERFACE))
    message(FATAL_ERROR "asyncc_target_sources(${target} ...): expected PRIVATE, PUBLIC or INTERFACE "
                        "followed by .adsl files, then optionally NAMESPACE <ns>; got `${ARGN}`")
  endif()
  if(NOT TARGET asyncc::asyncc OR NOT TARGET asyncc::runtime)
    message(FATAL_ERROR "asyncc_target_sources: asyncc::asyncc and asyncc::runtime are not defined "
                        "(use find_package(asyncc CONFIG REQUIRED) or add_subdirectory of asyncc first)")
  endif()
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/asyncc")
  foreach(scope PRIVATE PUBLIC INTERFACE)
    foreach(adsl IN LISTS ARG_${scope})
      _asyncc_translate("${adsl}" "${ARG_NAMESPACE}" "${out_dir}" cpp hpp)
      # The .cpp is compiled once, into the target itself, unless the target is only an interface.
      if(scope STREQUAL "INTERFACE")
        target_sources(${target} INTERFACE "${cpp}" "${hpp}")
      else()
        target_sources(${target} PRIVATE "${cpp}" "${hpp}")
      endif()
    endforeach()
    if(ARG_${scope})
      target_include_directories(${target} ${scope} "$<BUILD_INTERFACE:${out_dir}>")
      target_link_libraries(${target} ${scope} asyncc::runtime)
    endif()
  endforeach()
endfunction()

# One custom command translating `adsl` into `<out_dir>/<name>.adsl.{cpp,hpp}`; returns both paths.
# A file named by two calls in one directory is translated once; two different files with the
# same name in one directory would overwrite each other's output, so that is an error.
function(_asyncc_translate adsl ns out_dir cpp_var hpp_var)
  get_filename_component(source "${adsl}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(name "${source}" NAME_WLE)
  set(cpp "${out_dir}/${name}.adsl.cpp")
  set(hpp "${out_dir}/${name}.adsl.hpp")
  set(${cpp_var} "${cpp}" PARENT_SCOPE)
  set(${hpp_var} "${hpp}" PARENT_SCOPE)
  get_property(previous DIRECTORY PROPERTY "ASYNCC_TRANSLATION_OF_${name}")
  if(previous STREQUAL source)
    return()
  elseif(previous)
    message(FATAL_ERROR "asyncc_target_sources: ${source} and ${previous} would both be translated "
                        "to ${cpp}; give one of them another name")
  endif()
  set_property(DIRECTORY PROPERTY "ASYNCC_TRANSLATION_OF_${name}" "${source}")
  set(namespace_args "")
  if(ns)
    set(namespace_args --namespace "${ns}")
  endif()
  get_filename_component(file_name "${source}" NAME)
  add_custom_command(
    OUTPUT "${cpp}" "${hpp}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    COMMAND asyncc::asyncc "${source}" -o "${cpp}" --header "${hpp}" ${namespace_args}
    DEPENDS "${source}" asyncc::asyncc
    COMMENT "Translating ${file_name}"
    VERBATIM)
endfunction()

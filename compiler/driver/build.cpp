// `asyncc build` / `asyncc run`: the C++ compiler is `$CXX` (split on spaces, so `ccache g++`
// works) or `c++`; the runtime is found by runtime_location().
#include "compiler/driver/build.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler/driver/build_config.hpp"
#include "compiler/driver/driver.hpp"
#include "compiler/driver/runtime_location.hpp"

namespace asyncc::driver {

namespace {

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Runs argv and waits; returns its exit status (128 + signal when killed).
int run_process(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "error: cannot run `%s`: %s\n", args[0], std::strerror(errno));
    std::_Exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string strip_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) return path.substr(0, dot);
  return path;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool mkdirs(const std::string& path) {
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      const std::string prefix = path.substr(0, i);
      if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
    }
  }
  return true;
}

// FNV-1a, 64 bits: enough to tell cached executables apart.
std::uint64_t fnv1a(std::uint64_t h, const std::string& data) {
  for (unsigned char c : data) h = (h ^ c) * 0x100000001B3ull;
  return h;
}

std::string file_stamp(const char* path) {
  struct stat st {};
  if (::stat(path, &st) != 0) return "missing";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// Translates into `cpp` and compiles it into `exe`.
int build_into(const BuildOptions& options, const std::string& cpp, const std::string& exe) {
  Options translate = options.translate;
  translate.emit = Emit::Cpp;
  translate.output = cpp;
  translate.check = false;
  if (int status = compile(translate); status != 0) return status;
  const char* env_cxx = std::getenv("CXX");
  std::vector<std::string> argv = split_words(env_cxx && *env_cxx ? env_cxx : "c++");
  const RuntimeLocation& runtime = runtime_location();
  for (const char* flag : {"-std=c++17", "-O1"}) argv.emplace_back(flag);
  argv.push_back("-I" + runtime.include_dir);
  for (const std::string& f : split_words(ASYNCC_EXTRA_CXX_FLAGS)) argv.push_back(f);
  argv.push_back(cpp);
  // The user's flags and files (`-- extra.cpp -lfoo`) before the runtime library: the linker
  // takes from a static library only what the inputs before it need, and the user's C++ (say,
  // extern "C++" functions built on asyncc::sleep) needs the runtime too.
  argv.insert(argv.end(), options.cxx_flags.begin(), options.cxx_flags.end());
  argv.push_back(runtime.library);
  argv.emplace_back("-pthread");
  const std::string tmp_exe = exe + ".tmp" + std::to_string(::getpid());
  argv.emplace_back("-o");
  argv.push_back(tmp_exe);
  const int status = run_process(argv);
  if (status != 0) {
    std::remove(tmp_exe.c_str());
    std::cerr << "error: the C++ compiler failed on the translation of " << options.translate.input << " (kept in "
              << cpp << ")\n";
    return 1;
  }
  if (std::rename(tmp_exe.c_str(), exe.c_str()) != 0) {
    std::cerr << "error: cannot write " << exe << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int build(const BuildOptions& options) {
  const std::string exe = options.executable.empty() ? strip_extension(options.translate.input) : options.executable;
  char dir[] = "/tmp/asyncc-build-XXXXXX";
  if (!::mkdtemp(dir)) {
    std::cerr << "error: cannot create a temporary directory: " << std::strerror(errno) << "\n";
    return 2;
  }
  const std::string cpp = std::string(dir) + "/" + base_name(strip_extension(options.translate.input)) + ".cpp";
  const int status = build_into(options, cpp, exe);
  if (status == 0) {
    std::remove(cpp.c_str());
    ::rmdir(dir);
  }
  return status;
}

int run(const BuildOptions& options) {
  const std::string& input = options.translate.input;
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read " << input << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  // The key: the source, this asyncc, the runtime, the C++ compiler and the flags.
  std::uint64_t key = fnv1a(0xCBF29CE484222325ull, text.str());
  key = fnv1a(key, input + "\n" + file_stamp("/proc/self/exe") + "\n" + file_stamp(runtime_location().library.c_str()));
  const char* env_cxx = std::getenv("CXX");
  key = fnv1a(key, std::string(env_cxx ? env_cxx : "c++") + "\n" + ASYNCC_EXTRA_CXX_FLAGS);
  key = fnv1a(key, options.translate.line_directives ? "lines" : "no-lines");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  std::string cache = xdg && *xdg ? std::string(xdg) + "/asyncc" : std::string(home ? home : "/tmp") + "/.cache/asyncc";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
  const std::string dir = cache + "/" + hex;
  const std::string exe = dir + "/" + base_name(strip_extension(input));
  if (::access(exe.c_str(), X_OK) != 0) {
    if (!mkdirs(dir)) {
      std::cerr << "error: cannot create " << dir << ": " << std::strerror(errno) << "\n";
      return 2;
    }
    if (int status = build_into(options, dir + "/" + base_name(strip_extension(input)) + ".cpp", exe); status != 0) {
      return status;
    }
  }
  std::vector<std::string> argv{exe};
  argv.insert(argv.end(), options.program_args.begin(), options.program_args.end());
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(stdout);
  ::execv(exe.c_str(), args.data());
  std::cerr << "error: cannot run " << exe << ": " << std::strerror(errno) << "\n";
  return 2;
}

}  // namespace asyncc::driver

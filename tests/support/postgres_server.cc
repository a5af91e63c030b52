#include "tests/support/postgres_server.h"

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <vector>

namespace beian::test {
namespace {

namespace fs = std::filesystem;

// Who the server runs as: PostgreSQL refuses to run as root.
struct Identity {
  uid_t uid = 0;
  gid_t gid = 0;
  bool drop = false;  // setuid to uid/gid in the child (we are root)
};

Identity ServerIdentity() {
  if (::geteuid() != 0) return {::geteuid(), ::getegid(), false};
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwnam_r("postgres", &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
    throw PostgresServerError(
        "PostgresServer: running as root needs the 'postgres' system user to run the server "
        "(apt-get install postgresql, or run scripts/install-deps.sh)");
  }
  return {pw.pw_uid, pw.pw_gid, true};
}

bool HasServerPrograms(const fs::path& dir) {
  return ::access((dir / "initdb").c_str(), X_OK) == 0 &&
         ::access((dir / "pg_ctl").c_str(), X_OK) == 0;
}

std::string PgConfigBinDir() {
  FILE* pipe = ::popen("pg_config --bindir 2>/dev/null", "r");
  if (pipe == nullptr) return "";
  char line[4096] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  ::pclose(pipe);
  std::string dir = read ? line : "";
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
  return dir;
}

// The newest /usr/lib/postgresql/<major>/bin holding initdb and pg_ctl.
fs::path NewestDebianBinDir() {
  fs::path best;
  int best_major = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = entry.path().filename().string();
    const bool numeric = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric) continue;
    const int major = std::stoi(name);
    if (major > best_major && HasServerPrograms(entry.path() / "bin")) {
      best_major = major;
      best = entry.path() / "bin";
    }
  }
  return best;
}

fs::path FindBinDir() {
  if (const char* env = std::getenv("BEIAN_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (HasServerPrograms(env)) return env;
    throw PostgresServerError(std::string("PostgresServer: BEIAN_PG_BINDIR=") + env +
                              " holds no initdb and pg_ctl");
  }
  if (const std::string dir = PgConfigBinDir(); !dir.empty() && HasServerPrograms(dir)) return dir;
  if (fs::path dir = NewestDebianBinDir(); !dir.empty()) return dir;
  std::stringstream path(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');) {
    if (!dir.empty() && HasServerPrograms(dir)) return dir;
  }
  throw PostgresServerError(
      "PostgresServer: PostgreSQL's initdb and pg_ctl were not found ($BEIAN_PG_BINDIR, "
      "pg_config --bindir, /usr/lib/postgresql/*/bin, $PATH); install the Debian package "
      "postgresql (scripts/install-deps.sh does)");
}

std::string RandomHex(int bytes) {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    const unsigned b = rd() & 0xff;
    out += "0123456789abcdef"[b >> 4];
    out += "0123456789abcdef"[b & 0xf];
  }
  return out;
}

// A port on 127.0.0.1 that was free a moment ago (the caller retries when
// another process takes it first).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  if (fd >= 0) ::close(fd);
  if (!ok) throw PostgresServerError("PostgresServer: no free port on 127.0.0.1");
  return ntohs(addr.sin_port);
}

std::string Tail(const fs::path& file, std::size_t max = 3000) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > max ? "..." + text.substr(text.size() - max) : text;
}

// What a forked child execs, and as whom. Everything is prepared before
// fork(): the child of a threaded process may only make async-signal-safe
// calls. Not copyable: argv and envp point into args and env.
struct ChildSpec {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::string cwd;
  Identity identity;
  int max_fd = 1024;

  ChildSpec(std::vector<std::string> a, const fs::path& dir, const fs::path& bin_dir,
            const Identity& who)
      : args(std::move(a)), cwd(dir.string()), identity(who) {
    env = {"PATH=" + bin_dir.string() + ":/usr/bin:/bin", "LC_ALL=C", "TZ=UTC",
           "HOME=" + dir.string()};
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    max_fd = static_cast<int>(std::min<long>(::sysconf(_SC_OPEN_MAX), 65536));
  }
  ChildSpec(const ChildSpec&) = delete;
  ChildSpec& operator=(const ChildSpec&) = delete;
};

// In the child: stdin from /dev/null, stdout/stderr to out_fd (/dev/null
// when -1), no other descriptor (the postmaster must not inherit the
// watchdog's pipe or a test's sockets), the server's user, then exec.
[[noreturn]] void ExecChild(const ChildSpec& spec, int out_fd) {
  const int null_fd = ::open("/dev/null", O_RDWR);
  const int out = out_fd >= 0 ? out_fd : null_fd;
  ::dup2(null_fd, 0);
  ::dup2(out, 1);
  ::dup2(out, 2);
  if (::close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd < spec.max_fd; ++fd) ::close(fd);
  }
  const Identity& id = spec.identity;
  if (id.drop && (::setgroups(1, &id.gid) != 0 || ::setgid(id.gid) != 0 || ::setuid(id.uid) != 0)) {
    ::_exit(126);
  }
  if (::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
  ::execve(spec.argv[0], spec.argv.data(), spec.envp.data());
  ::_exit(127);
}

int WaitExit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs `spec` to completion, its output appended to `log`; returns its exit code.
int Run(const ChildSpec& spec, const fs::path& log) {
  const int out_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out_fd < 0) throw PostgresServerError("PostgresServer: cannot write " + log.string());
  const pid_t pid = ::fork();
  if (pid == 0) ExecChild(spec, out_fd);
  ::close(out_fd);
  if (pid < 0) throw PostgresServerError("PostgresServer: fork failed");
  return WaitExit(pid);
}

// Forks a process that blocks reading the returned pipe and, once every
// writer is gone (the destructor closed it or the test process died),
// stops the server and removes `dir`. It ignores terminal signals so that
// Ctrl-C on the tests still cleans up.
pid_t StartWatchdog(const fs::path& dir, const fs::path& bin_dir, const Identity& id,
                    int& write_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw PostgresServerError("PostgresServer: pipe failed");
  ChildSpec spec({"/bin/sh", "-c", "\"$1\" -D \"$2/data\" -s -m immediate stop; rm -rf \"$2\"",
                  "sh", (bin_dir / "pg_ctl").string(), dir.string()},
                 "/", bin_dir, id);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(sig, SIG_IGN);
    // Hold nothing of the test process while waiting (a listening socket
    // kept open here would outlive the test that closed it): only the pipe.
    if (fds[0] != 3) ::dup2(fds[0], 3);
    if (::close_range(4, ~0U, 0) != 0) {
      for (int fd = 4; fd < spec.max_fd; ++fd) ::close(fd);
    }
    const int null_fd = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
    if (null_fd > 3) ::close(null_fd);
    char byte;
    for (;;) {
      const ssize_t n = ::read(3, &byte, 1);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    ExecChild(spec, -1);
  }
  ::close(fds[0]);
  if (pid < 0) {
    ::close(fds[1]);
    throw PostgresServerError("PostgresServer: fork failed");
  }
  write_fd = fds[1];
  return pid;
}

// The settings of every throw-away cluster (scripts/pg-scratch writes the same).
std::string Settings(const fs::path& socket_dir) {
  std::string quoted;
  for (const char c : socket_dir.string()) {
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return "\n# beian-bot test server\n"
         "listen_addresses = '127.0.0.1'\n"
         "unix_socket_directories = '" +
         quoted +
         "'\n"
         "max_connections = 200\n"
         "fsync = off\n"
         "synchronous_commit = off\n"
         "full_page_writes = off\n";
}

}  // namespace

PostgresServer::PostgresServer() : owner_pid_(::getpid()) {
  bin_dir_ = FindBinDir();
  const Identity id = ServerIdentity();
  uid_ = id.uid;
  gid_ = id.gid;
  std::string pattern = (fs::temp_directory_path() / "beian-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw PostgresServerError("PostgresServer: cannot create a folder in " +
                              fs::temp_directory_path().string());
  }
  dir_ = pattern;
  // The socket is <dir>/.s.PGSQL.<port>, and sun_path holds 107 bytes.
  if (dir_.string().size() + 16 > 107) {
    fs::remove_all(dir_);
    throw PostgresServerError("PostgresServer: the temp folder " + dir_.string() +
                              " is too long for a Unix socket path; set TMPDIR=/tmp");
  }
  if (id.drop && ::chown(dir_.c_str(), id.uid, id.gid) != 0) {
    fs::remove_all(dir_);
    throw PostgresServerError("PostgresServer: cannot give " + dir_.string() + " to postgres");
  }
  try {
    watchdog_pid_ = StartWatchdog(dir_, bin_dir_, id, watchdog_fd_);
  } catch (...) {
    fs::remove_all(dir_);
    throw;
  }
  try {
    Start();
  } catch (...) {
    Stop();
    throw;
  }
}

PostgresServer::~PostgresServer() {
  // A forked child that exits through std::exit runs this too: only the
  // process that started the server stops it.
  if (::getpid() == owner_pid_) Stop();
}

void PostgresServer::Stop() {
  if (watchdog_fd_ >= 0) ::close(watchdog_fd_);
  watchdog_fd_ = -1;
  if (watchdog_pid_ > 0) WaitExit(watchdog_pid_);
  watchdog_pid_ = 0;
}

void PostgresServer::Start() {
  const Identity id{uid_, gid_, ::geteuid() == 0};
  const fs::path data = dir_ / "data";
  const fs::path pwfile = dir_ / "password";
  password_ = RandomHex(16);
  {
    std::ofstream out(pwfile);
    out << password_ << "\n";
  }
  if (id.drop && ::chown(pwfile.c_str(), id.uid, id.gid) != 0) {
    throw PostgresServerError("PostgresServer: cannot give " + pwfile.string() + " to postgres");
  }
  const int initdb = Run(
      ChildSpec({(bin_dir_ / "initdb").string(), "-D", data.string(), "-U", "postgres",
                 "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile.string(),
                 "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                dir_, bin_dir_, id),
      dir_ / "initdb.log");
  fs::remove(pwfile);
  if (initdb != 0) {
    throw PostgresServerError("PostgresServer: initdb in " + dir_.string() + " failed (exit " +
                              std::to_string(initdb) + "):\n" + Tail(dir_ / "initdb.log"));
  }
  std::ofstream(data / "postgresql.conf", std::ios::app) << Settings(dir_);
  // The port can be taken between FreePort() and the server's bind: retry.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    const int rc = Run(ChildSpec({(bin_dir_ / "pg_ctl").string(), "-D", data.string(), "-l",
                                  (dir_ / "server.log").string(), "-o",
                                  "-p " + std::to_string(port_), "-w", "-t", "60", "-s", "start"},
                                 dir_, bin_dir_, id),
                       dir_ / "pg_ctl.log");
    if (rc == 0) return;
    const std::string log = Tail(dir_ / "server.log");
    if (log.find("Address already in use") == std::string::npos) {
      throw PostgresServerError("PostgresServer: pg_ctl start failed (exit " + std::to_string(rc) +
                                "):\n" + Tail(dir_ / "pg_ctl.log") + log);
    }
  }
  throw PostgresServerError("PostgresServer: every port tried was taken:\n" +
                            Tail(dir_ / "server.log"));
}

PostgresServer& PostgresServer::Shared() {
  static PostgresServer server;
  return server;
}

std::string PostgresServer::NewDatabase() {
  std::string name;
  {
    std::lock_guard lock(mutex_);
    name = "test_" + std::to_string(++databases_);
  }
  try {
    pqxx::connection admin(url());
    pqxx::nontransaction tx(admin);
    // FILE_COPY (PostgreSQL 15+) takes ~35 ms against ~100 ms for WAL_LOG:
    // with fsync off its checkpoint is cheap.
    const bool file_copy = admin.server_version() >= 150000;
    tx.exec0("CREATE DATABASE " + name + (file_copy ? " STRATEGY = FILE_COPY" : ""));
  } catch (const std::exception& e) {
    throw PostgresServerError("PostgresServer: CREATE DATABASE " + name + " failed: " + e.what());
  }
  return url(name);
}

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://postgres:" + password_ + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

}  // namespace beian::test

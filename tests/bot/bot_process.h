#pragma once

// The built `beian-bot serve` as a child process on 127.0.0.1 (a free port),
// with every platform configured, its own database folder and its stderr (the
// access and turn logs) in a file: the whole binary, as deployed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "tests/test_support.h"

namespace beian::test {

inline std::string SlurpFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The secrets every platform is configured with (the tests sign with them).
struct BotSecrets {
  static constexpr const char* kWechatToken = "tok";
  static constexpr const char* kWechatAppid = "wxappid0000000001";
  static constexpr const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static constexpr const char* kDingtalkSecret = "SEC-test-secret";
  static constexpr const char* kFeishuToken = "v";
  static constexpr const char* kFeishuEncryptKey = "test key";
  static constexpr const char* kWecomToken = "QDG6eK";
  static constexpr const char* kWecomAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static constexpr const char* kWecomCorpId = "wx5823bf96d3bd56c7";
  static constexpr const char* kOnebotSecret = "onebot-secret";
  static constexpr const char* kAdminToken = "admin-token";
};

class BotProcess {
 public:
  // `extra_env` adds or overrides BEIAN_* variables (e.g. API bases).
  explicit BotProcess(const std::filesystem::path& data_dir,
                      std::map<std::string, std::string> extra_env = {})
      : dir_(data_dir), log_(data_dir / "serve.log") {
    std::filesystem::create_directories(dir_);
    std::map<std::string, std::string> env = {
        {"BEIAN_WECHAT_TOKEN", BotSecrets::kWechatToken},
        {"BEIAN_WECHAT_APPID", BotSecrets::kWechatAppid},
        {"BEIAN_WECHAT_AES_KEY", BotSecrets::kAesKey},
        {"BEIAN_DINGTALK_APP_SECRET", BotSecrets::kDingtalkSecret},
        {"BEIAN_FEISHU_VERIFICATION_TOKEN", BotSecrets::kFeishuToken},
        {"BEIAN_FEISHU_ENCRYPT_KEY", BotSecrets::kFeishuEncryptKey},
        {"BEIAN_WECOM_TOKEN", BotSecrets::kWecomToken},
        {"BEIAN_WECOM_AES_KEY", BotSecrets::kWecomAesKey},
        {"BEIAN_WECOM_CORP_ID", BotSecrets::kWecomCorpId},
        {"BEIAN_ONEBOT_SECRET", BotSecrets::kOnebotSecret},
        {"BEIAN_ADMIN_TOKEN", BotSecrets::kAdminToken},
    };
    for (auto& [k, v] : extra_env) env[k] = v;
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      ::unsetenv("BEIAN_API_TOKEN");
      ::unsetenv("BEIAN_LISTEN");
      ::unsetenv("BEIAN_DB");
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 2);
      ::dup2(fd, 1);
      const std::string db = (dir_ / "bot.db").string();
      ::execl(BEIAN_TEST_BIN, BEIAN_TEST_BIN, "serve", "--listen", "127.0.0.1:0", "--db",
              db.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::string marker =
        "正在监听 http://127.0.0.1:";  // the start-up line, not a configured API base
    for (int i = 0; i < 1000 && port_ <= 0; ++i) {
      const std::string log = SlurpFile(log_);
      if (const auto at = log.find(marker); at != std::string::npos)
        port_ = std::atoi(log.c_str() + at + marker.size());
      if (port_ <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE_MESSAGE(port_ > 0, SlurpFile(log_));
  }
  ~BotProcess() { Stop(); }
  BotProcess(const BotProcess&) = delete;
  BotProcess& operator=(const BotProcess&) = delete;

  // SIGTERM and wait; returns the exit status (or -1 when already stopped).
  int Stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  // True while the child has not exited (crashed).
  bool Alive() const {
    if (pid_ <= 0) return false;
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(20, 0);
    c.set_write_timeout(20, 0);
    return c;
  }
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path db() const { return dir_ / "bot.db"; }
  std::string Log() const { return SlurpFile(log_); }

 private:
  std::filesystem::path dir_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
  int port_ = -1;
};

}  // namespace beian::test

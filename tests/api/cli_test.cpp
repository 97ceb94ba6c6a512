// Runs the real `callwerk` binary: usage errors, config errors, serve with a clean shutdown on
// SIGTERM (acknowledged writes are on disk), import/export and the demo.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "callwerk-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A started process with stdout and stderr going to files.
struct Process {
  pid_t pid = -1;
  fs::path out;
  fs::path err;

  std::string stdout_text() const { return read_file(out); }
  std::string stderr_text() const { return read_file(err); }

  // Exit code, or -1 on timeout / -signal when killed by a signal.
  int wait(std::chrono::milliseconds timeout = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t done = waitpid(pid, &status, WNOHANG);
      if (done == pid) {
        pid = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        if (WIFSIGNALED(status)) return -WTERMSIG(status);
        return -1;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1000;
  }

  ~Process() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

std::unique_ptr<Process> start(const std::vector<std::string>& args, const fs::path& dir,
                               const std::string& stdin_text = "") {
  auto process = std::make_unique<Process>();
  static int counter = 0;
  ++counter;
  process->out = dir / ("out" + std::to_string(counter) + ".txt");
  process->err = dir / ("err" + std::to_string(counter) + ".txt");
  const fs::path in = dir / ("in" + std::to_string(counter) + ".txt");
  std::ofstream(in) << stdin_text;
  std::vector<std::string> argv_storage = {CALLWERK_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open(in.c_str(), O_RDONLY);
    const int out_fd = open(process->out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(process->err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  process->pid = pid;
  return process;
}

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

Ran run(const std::vector<std::string>& args, const fs::path& dir,
        const std::string& stdin_text = "") {
  auto process = start(args, dir, stdin_text);
  Ran ran;
  ran.code = process->wait(120s);
  ran.out = process->stdout_text();
  ran.err = process->stderr_text();
  return ran;
}

int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

// Waits until `text_of()` matches `pattern`; returns the first capture group.
template <typename TextOf>
std::string wait_for(TextOf text_of, const std::regex& pattern, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::smatch match;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = text_of();
    if (std::regex_search(text, match, pattern)) return match[1].str();
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

// One HTTP/1.1 request over a fresh connection; returns the whole response.
std::string http_request(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return {};
  }
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) response.append(buffer, static_cast<size_t>(n));
  close(fd);
  return response;
}

std::string http_get(int port, const std::string& path) {
  return http_request(port,
                      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

std::string http_post(int port, const std::string& path, const std::string& body,
                      const std::string& extra_headers = "") {
  return http_request(
      port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                "\r\n" + extra_headers + "\r\n" + body);
}

const fs::path kFixture = fs::path(CALLWERK_SOURCE_DIR) / "tests/fixtures/import/small";

TEST(Cli, HelpOfEverySubcommand) {
  TempDir dir;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"serve", "--help"},
                                             {"demo", "--help"},
                                             {"import", "--help"},
                                             {"export", "--help"},
                                             {"migrate", "--help"},
                                             {"user", "--help"},
                                             {"user", "add", "--help"}}) {
    const Ran ran = run(args, dir.path());
    EXPECT_EQ(ran.code, 0) << args[0];
    EXPECT_NE(ran.out.find("Usage"), std::string::npos) << ran.out;
  }
}

TEST(Cli, BadUsageIsOneLineAndExitTwo) {
  TempDir dir;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"frobnicate"},
           {"serve"},
           {"serve", "--config", "x.yaml", "--bogus"},
           {"import"},
           {"import", "somewhere"},
           {"export", "x", "--config", "a.yaml", "--data-dir", "b"},
           {"user", "add", "--tenant", "acme"},
           {"demo", "--port", "notaport"},
           {"demo", "--rtp-ports", "20000"},
           {"demo", "--rtp-ports", "100-200"},
           {"demo", "--rtp-ports", "30000-30001"},
           {"demo", "--rtp-ports", "30000-7x"}}) {
    const Ran ran = run(args, dir.path());
    EXPECT_EQ(ran.code, 2) << (args.empty() ? "(none)" : args[0]) << ": " << ran.err;
    EXPECT_EQ(line_count(ran.err), 1) << ran.err;
  }
}

TEST(Cli, ServeWithBrokenConfigNamesTheLine) {
  TempDir dir;
  const fs::path config = dir.path() / "callwerk.yaml";
  std::ofstream(config) << "data_dir: " << (dir.path() / "data").string()
                        << "\nhttp:\n  port: 8080\n  treads: 2\n";
  const Ran ran = run({"serve", "--config", config.string()}, dir.path());
  EXPECT_EQ(ran.code, 2);
  EXPECT_EQ(ran.err, config.string() +
                         ":4:3: unknown key 'treads' (expected one of: address, port, threads, "
                         "secure_cookies, trusted_proxies, websocket_idle_seconds)\n");
}

TEST(Cli, ImportReportsTheFirstErrorAndWritesNothing) {
  TempDir dir;
  const fs::path data = dir.path() / "data";
  ASSERT_EQ(run({"import", kFixture.string(), "--data-dir", data.string()}, dir.path()).code, 0);
  // A second tenant whose queues file is wrong: nothing of it may arrive.
  const fs::path beta = dir.path() / "in/tenants/beta";
  fs::create_directories(beta);
  std::ofstream(beta / "tenant.yaml") << "slug: beta\nname: Beta\n";
  std::ofstream(beta / "skills.yaml") << "- name: Erste\n";
  std::ofstream(beta / "queues.yaml") << "- name: A\n  strategy: random\n";
  const Ran bad =
      run({"import", (dir.path() / "in").string(), "--data-dir", data.string()}, dir.path());
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(line_count(bad.err.substr(bad.err.rfind((beta / "queues.yaml").string()))), 1)
      << bad.err;
  EXPECT_NE(bad.err.find((beta / "queues.yaml").string() + ":2:13: 'strategy' must be one of"),
            std::string::npos)
      << bad.err;
  const Ran exported =
      run({"export", (dir.path() / "out").string(), "--data-dir", data.string()}, dir.path());
  EXPECT_EQ(exported.code, 0) << exported.err;
  EXPECT_TRUE(fs::exists(dir.path() / "out/tenants/acme/tenant.yaml"));
  EXPECT_FALSE(fs::exists(dir.path() / "out/tenants/beta"));

  // Exporting into a folder that is not empty is refused.
  const Ran refused =
      run({"export", (dir.path() / "out").string(), "--data-dir", data.string()}, dir.path());
  EXPECT_EQ(refused.code, 2);
  EXPECT_EQ(line_count(refused.err), 1) << refused.err;
}

TEST(Cli, ServeAnswersAndShutsDownCleanlyOnSigterm) {
  TempDir dir;
  const fs::path data = dir.path() / "data";
  const Ran imported = run({"import", kFixture.string(), "--data-dir", data.string()}, dir.path());
  ASSERT_EQ(imported.code, 0) << imported.err;

  const fs::path config = dir.path() / "callwerk.yaml";
  std::ofstream(config) << "data_dir: " << data.string()
                        << "\nhttp:\n  address: 127.0.0.1\n  port: 0\n  threads: 2\n"
                        << "store:\n  synchronous: full\nlog:\n  level: info\n";
  auto server = start({"serve", "--config", config.string()}, dir.path());
  const std::string port_text = wait_for([&] { return server->stderr_text(); },
                                         std::regex(R"(listening on http://[0-9.]+:(\d+)/)"), 30s);
  ASSERT_FALSE(port_text.empty()) << server->stderr_text();
  const int port = std::stoi(port_text);

  const std::string health = http_get(port, "/api/v1/health");
  EXPECT_NE(health.find("200 OK"), std::string::npos) << health;
  EXPECT_NE(health.find(R"("status":"ok")"), std::string::npos) << health;

  // A write acknowledged just before SIGTERM must be in the database afterwards.
  const std::string login = http_post(port, "/api/v1/auth/login",
                                      R"({"username":"acme.admin","password":"acme-admin-pw"})");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(login, match, std::regex("cw_session=([^;\\r\\n]+)"))) << login;
  const std::string session = match[1].str();
  ASSERT_TRUE(std::regex_search(login, match, std::regex(R"re("csrf_token"\s*:\s*"([^"]+)")re")));
  const std::string csrf = match[1].str();
  const std::string created =
      http_post(port, "/api/v1/contacts",
                R"({"customer_number":"777001","last_name":"Durable","first_name":"Dora"})",
                "Cookie: cw_session=" + session + "\r\nX-CSRF-Token: " + csrf + "\r\n");
  ASSERT_NE(created.find("201"), std::string::npos) << created;

  kill(server->pid, SIGTERM);
  EXPECT_EQ(server->wait(30s), 0) << server->stderr_text();

  const Ran exported =
      run({"export", (dir.path() / "out").string(), "--config", config.string()}, dir.path());
  ASSERT_EQ(exported.code, 0) << exported.err;
  EXPECT_NE(read_file(dir.path() / "out/tenants/acme/contacts.csv").find("777001"),
            std::string::npos);
}

TEST(Cli, UserAddAndMigrate) {
  TempDir dir;
  const fs::path data = dir.path() / "data";
  const Ran migrated = run({"migrate", "--data-dir", data.string()}, dir.path());
  EXPECT_EQ(migrated.code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("schema version"), std::string::npos) << migrated.out;
  ASSERT_EQ(run({"import", kFixture.string(), "--data-dir", data.string()}, dir.path()).code, 0);

  const Ran added =
      run({"user", "add", "--tenant", "acme", "--username", "acme.neu", "--role", "supervisor",
           "--display-name", "Neu", "--password-stdin", "--data-dir", data.string()},
          dir.path(), "geheim-genug\n");
  EXPECT_EQ(added.code, 0) << added.err;
  const Ran again =
      run({"user", "add", "--tenant", "acme", "--username", "acme.neu", "--role", "agent",
           "--display-name", "Neu", "--password-stdin", "--data-dir", data.string()},
          dir.path(), "geheim-genug\n");
  EXPECT_EQ(again.code, 2) << again.err;
  EXPECT_EQ(line_count(again.err), 1) << again.err;
  const Ran bad_role =
      run({"user", "add", "--tenant", "acme", "--username", "x", "--role", "boss", "--display-name",
           "X", "--password", "geheim-genug", "--data-dir", data.string()},
          dir.path());
  EXPECT_EQ(bad_role.code, 2);
  EXPECT_EQ(line_count(bad_role.err), 1) << bad_role.err;
}

TEST(Cli, DemoImportsServesAndPrintsLogins) {
  const fs::path examples = fs::path(CALLWERK_SOURCE_DIR) / "examples/demo";
  if (!fs::is_directory(examples / "tenants")) GTEST_SKIP() << "examples/demo not there yet";
  TempDir dir;
  auto demo =
      start({"demo", "--port", "0", "--data-dir", (dir.path() / "demo-data").string()}, dir.path());
  const std::string url = wait_for([&] { return demo->stdout_text(); },
                                   std::regex(R"(URL: (http://127\.0\.0\.1:\d+/))"), 120s);
  ASSERT_FALSE(url.empty()) << demo->stdout_text() << demo->stderr_text();
  const int port = std::stoi(url.substr(url.rfind(':') + 1));
  EXPECT_NE(http_get(port, "/api/v1/health").find("200 OK"), std::string::npos);
  EXPECT_NE(demo->stdout_text().find("sw.agent"), std::string::npos);
  const std::string login =
      http_post(port, "/api/v1/auth/login", R"({"username":"sw.agent","password":"demo-agent"})");
  EXPECT_NE(login.find("200 OK"), std::string::npos) << login;
  // The knowledge base was indexed at start and answers the agent desktop's search.
  const auto cookie_at = login.find("cw_session=");
  ASSERT_NE(cookie_at, std::string::npos) << login;
  const std::string cookie = login.substr(cookie_at, login.find(';', cookie_at) - cookie_at);
  const std::string found =
      http_request(port,
                   "GET /api/v1/kb/search?q=Z%C3%A4hlerstand%20melden&limit=3 HTTP/1.1\r\nHost: "
                   "127.0.0.1\r\nConnection: close\r\nCookie: " +
                       cookie + "\r\n\r\n");
  EXPECT_NE(found.find("200 OK"), std::string::npos) << found;
  EXPECT_NE(found.find("\"slug\""), std::string::npos) << found;
  EXPECT_NE((demo->stdout_text() + demo->stderr_text()).find("synonym groups indexed in"),
            std::string::npos);
  kill(demo->pid, SIGTERM);
  EXPECT_EQ(demo->wait(30s), 0);

  // Second start: the database is not new, nothing is imported again.
  auto again =
      start({"demo", "--port", "0", "--data-dir", (dir.path() / "demo-data").string()}, dir.path());
  EXPECT_FALSE(
      wait_for([&] { return again->stdout_text(); }, std::regex(R"(URL: (http://\S+))"), 60s)
          .empty());
  EXPECT_EQ(again->stderr_text().find("importing demo data"), std::string::npos);
  kill(again->pid, SIGTERM);
  EXPECT_EQ(again->wait(30s), 0);
}

}  // namespace

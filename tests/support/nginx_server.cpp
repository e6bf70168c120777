// SPDX-License-Identifier: MIT
#include "support/nginx_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace perfgate::test {
namespace {

constexpr const char* k_nginx = "/usr/sbin/nginx";
constexpr const char* k_echo_module = "/usr/lib/nginx/modules/ngx_http_echo_module.so";

bool can_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

int unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

NginxServer::NginxServer(NginxOptions options) : m_options(options) {
  std::filesystem::create_directories(m_dir.path() / "www");
  // About the size of nginx's own welcome page (615 bytes), which wrk's figures are for.
  std::string page = "<!DOCTYPE html>\n<html><head><title>perf-gate test</title></head><body>\n";
  while (page.size() < 600) page += "<p>perf-gate loopback test page.</p>\n";
  page += "</body></html>\n";
  write_text(m_dir.file("www/index.html"), page);
  if (m_options.tls) make_certificate();
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (try_start(unused_port())) return;
  }
  throw std::runtime_error("nginx did not start: " + read_text(m_dir.file("error.log")));
}

NginxServer::~NginxServer() {
  stop();
}

std::string NginxServer::base_url() const {
  return fmt::format("{}://127.0.0.1:{}", m_options.tls ? "https" : "http", m_port);
}

std::string NginxServer::access_log_text() const {
  return read_text(m_dir.file("access.log"));
}

void NginxServer::make_certificate() {
  std::string command = fmt::format(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout {} -out {} "
      ">/dev/null 2>&1",
      m_dir.file("key.pem"), m_dir.file("cert.pem"));
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed");
}

bool NginxServer::try_start(int port) {
  std::string dir = m_dir.path().string();
  std::string log =
      m_options.access_log ? fmt::format("access_log {}/access.log;", dir) : "access_log off;";
  write_text(
      m_dir.file("nginx.conf"),
      fmt::format(
          R"({7}daemon off;
master_process off;
pid {0}/nginx.pid;
error_log {0}/error.log warn;
worker_rlimit_nofile {2};
events {{ worker_connections {1}; }}
http {{
  {3}
  client_body_temp_path {0}/body;
  proxy_temp_path {0}/proxy;
  fastcgi_temp_path {0}/fastcgi;
  uwsgi_temp_path {0}/uwsgi;
  scgi_temp_path {0}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  default_type text/html;
  server {{
    listen 127.0.0.1:{4} backlog=4096{5};
    {6}
    root {0}/www;
    location = /json {{ default_type application/json; return 200 '{{"ok":true,"n":42}}'; }}
    {8}
  }}
}}
)",
          dir, m_options.worker_connections, m_options.worker_connections * 2 + 64, log, port,
          m_options.tls ? " ssl http2" : "",
          m_options.tls ? fmt::format("ssl_certificate {0}/cert.pem; "
                                      "ssl_certificate_key {0}/key.pem;",
                                      dir)
                        : "",
          m_options.locations.empty() ? "" : "load_module " + std::string(k_echo_module) + ";\n",
          m_options.locations));
  pid_t pid = fork();
  if (pid == 0) {
    execl(k_nginx, k_nginx, "-p", dir.c_str(), "-c", (dir + "/nginx.conf").c_str(), "-e",
          (dir + "/error.log").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid < 0) return false;
  m_pid = pid;
  m_port = port;
  // Bounded: 10 s for nginx to listen (or to exit because the port was taken meanwhile).
  for (int i = 0; i < 1000; ++i) {
    if (can_connect(port)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      m_pid = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop();
  return false;
}

void NginxServer::stop() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {  // 5 s, then SIGKILL
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(m_pid, SIGKILL);
  waitpid(m_pid, nullptr, 0);
  m_pid = -1;
}

size_t NginxServer::access_log_lines() const {
  std::string text = read_text(m_dir.file("access.log"));
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace perfgate::test

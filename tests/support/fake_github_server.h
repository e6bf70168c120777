// SPDX-License-Identifier: MIT
// FakeGitHubServer: a local fake of the GitHub REST API on 127.0.0.1:<ephemeral>, for tests of
// perf-gate's GitHub client and of `perf-gate gate` end to end. It speaks real HTTP/1.1 over real
// sockets, checks every request's headers and body against tests/data/github/schemas (and its own
// responses too), keeps state (comments, issues, check runs, statuses, files on branches with
// their blob shas), paginates with Link headers, and injects faults (5xx, rate limits, slow
// responses) on demand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_github_request.h"
#include "support/fake_github_schema.h"

namespace perfgate::test {

struct FakeGitHubConfig {
  std::string owner = "Codertocat";
  std::string repo = "Hello-World";
  int64_t repository_id = 186853002;
  std::string token = "ghs_fakeTokenForTests0123456789abcdef";  // the only accepted token
  std::string bot_login = "github-actions[bot]";                // author of what the token posts
  std::vector<int64_t> pull_requests = {2};                     // PR numbers that exist
  bool checks_forbidden = false;  // POST check-runs -> 403 "Resource not accessible by integration"
  bool repositories_links =
      false;  // Link URLs in the /repositories/{id}/ form, as GitHub sometimes does
  std::string default_branch = "main";  // the branch a contents request without ref/branch uses
  // PUT contents and POST git/refs -> 403 "Resource not accessible by integration" (a token with
  // contents: read only, as a pull request from a fork gets).
  bool contents_read_only = false;
};

enum class FaultKind {
  internal_error,        // 500 basic-error
  bad_gateway,           // 502, empty body
  primary_rate_limit,    // 403, x-ratelimit-remaining: 0, x-ratelimit-reset: now + reset_after
  secondary_rate_limit,  // 403 "You have exceeded a secondary rate limit", retry-after
  too_many_requests,     // 429 with retry-after
  slow,                  // answers normally after `delay`
};

struct Fault {
  FaultKind kind = FaultKind::internal_error;
  std::string method;         // "" = any
  std::string path_contains;  // "" = any
  int times = 1;              // how many matching requests it hits
  std::chrono::seconds retry_after{1};
  std::chrono::seconds reset_after{1};
  std::chrono::milliseconds delay{0};
};

struct RecordedRequest {
  std::string method;
  std::string target;  // path + query as sent
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  int status = 0;  // what the fake answered
};

struct FakeComment {
  int64_t id = 0;
  int64_t issue_number = 0;
  std::string body;
  std::string login;
};

struct FakeIssue {
  int64_t number = 0;
  int64_t id = 0;
  std::string title;
  std::string body;
  std::string state = "open";
  std::vector<std::string> labels;
  std::string login;
  bool is_pull_request = false;
};

class FakeGitHubServer {
 public:
  explicit FakeGitHubServer(FakeGitHubConfig config = {});
  ~FakeGitHubServer();
  FakeGitHubServer(const FakeGitHubServer&) = delete;
  FakeGitHubServer& operator=(const FakeGitHubServer&) = delete;

  // "http://127.0.0.1:<port>": the GITHUB_API_URL to give the client.
  std::string api_url() const;
  const FakeGitHubConfig& config() const { return m_config; }

  void inject(Fault fault);
  // Seeds state as if earlier runs (or people) had written it.
  int64_t add_comment(int64_t issue_number, const std::string& body, const std::string& login);
  int64_t add_issue(FakeIssue issue);

  std::vector<RecordedRequest> requests() const;
  std::vector<FakeComment> comments(int64_t issue_number) const;
  std::vector<FakeIssue> issues() const;
  std::vector<nlohmann::json> check_runs() const;
  std::vector<nlohmann::json> statuses() const;
  // The repository's files by branch (the Contents and Git refs endpoints' state). A branch that
  // does not exist has no files and cannot be written to until POST /git/refs creates it.
  void add_branch(const std::string& branch);
  void put_file(const std::string& branch, const std::string& path, const std::string& content);
  std::optional<std::string> file(const std::string& branch, const std::string& path) const;
  bool has_branch(const std::string& branch) const;
  // Successful file writes (PUT contents) so far.
  int file_writes() const;
  // Requests or responses that broke the schemas or the header rules; a correct client and a
  // correct fake keep this empty.
  std::vector<std::string> violations() const;
  // Every request's raw bytes were scanned for the token outside the Authorization header.
  bool token_leaked() const;

 private:
  struct Response {
    int status = 200;
    nlohmann::json body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool empty_body = false;
    std::chrono::milliseconds delay{0};  // a "slow" fault
  };

  void accept_loop();
  void serve_connection(int fd);
  Response handle(const FakeRequest& request);
  Response route(const FakeRequest& request);
  std::optional<Response> check_headers(const FakeRequest& request);
  std::optional<Response> take_fault(const FakeRequest& request, std::chrono::milliseconds& delay);
  // Parses and validates a request body; a 400/422 response when it is not acceptable.
  std::optional<Response> invalid_body(const FakeRequest& request, const char* schema_file,
                                       nlohmann::json& parsed);
  Response respond(int status, nlohmann::json body, const char* schema_file);
  Response paginate(const FakeRequest& request, const std::vector<nlohmann::json>& items);

  Response list_comments(const FakeRequest& request, int64_t issue);
  Response create_comment(const FakeRequest& request, int64_t issue);
  Response update_comment(const FakeRequest& request, int64_t id);
  Response delete_comment(int64_t id);
  Response list_issues(const FakeRequest& request);
  Response create_issue(const FakeRequest& request);
  Response update_issue(const FakeRequest& request, int64_t number);
  Response create_check_run(const FakeRequest& request);
  Response update_check_run(const FakeRequest& request, int64_t id);
  Response create_status(const FakeRequest& request, const std::string& sha);
  Response get_content(const FakeRequest& request, const std::string& path);
  Response put_content(const FakeRequest& request, const std::string& path);
  Response create_ref(const FakeRequest& request);
  Response get_blob(const std::string& sha);
  std::string next_commit_sha();

  nlohmann::json user_json(const std::string& login) const;
  nlohmann::json comment_json(const FakeComment& comment) const;
  nlohmann::json issue_json(const FakeIssue& issue) const;
  std::string repo_url() const;
  const JsonSchema& schema(const char* file);

  FakeGitHubConfig m_config;
  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  std::thread m_acceptor;
  std::vector<std::thread> m_connections;
  std::vector<int> m_connection_fds;

  mutable std::mutex m_mutex;  // guards everything below
  std::vector<Fault> m_faults;
  std::vector<RecordedRequest> m_requests;
  std::vector<FakeComment> m_comments;
  std::vector<FakeIssue> m_issues;
  std::vector<nlohmann::json> m_check_runs;
  std::vector<nlohmann::json> m_statuses;
  struct FakeBranch {
    std::string head;                          // commit sha
    std::map<std::string, std::string> files;  // path -> content
  };
  std::map<std::string, FakeBranch> m_branches;  // by name
  int m_file_writes = 0;
  int64_t m_commits = 0;
  std::vector<std::string> m_violations;
  std::map<std::string, std::unique_ptr<JsonSchema>> m_schemas;
  bool m_token_leaked = false;
  int64_t m_next_id = 1000;
};

}  // namespace perfgate::test

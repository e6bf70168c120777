// SPDX-License-Identifier: MIT
// FakeGitHubServer's handlers (called with the mutex held) and state accessors.
#include <fmt/format.h>

#include <algorithm>

#include "support/fake_github_server.h"

namespace perfgate::test {
namespace {

using Json = nlohmann::json;

constexpr const char* k_time = "2026-01-01T00:00:00Z";

// GitHub's `labels=a,b`: the issue must carry every listed label.
bool has_all_labels(const FakeIssue& issue, const std::string& wanted) {
  size_t start = 0;
  while (start <= wanted.size()) {
    size_t comma = wanted.find(',', start);
    std::string label =
        wanted.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!label.empty() &&
        std::find(issue.labels.begin(), issue.labels.end(), label) == issue.labels.end()) {
      return false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

}  // namespace

FakeGitHubServer::Response FakeGitHubServer::list_comments(const FakeRequest& request,
                                                           int64_t issue) {
  std::vector<Json> items;
  for (const FakeComment& comment : m_comments) {
    if (comment.issue_number == issue) items.push_back(comment_json(comment));
  }
  Response response = paginate(request, items);
  for (const std::string& error :
       schema("issues-list-comments.response-200.json").validate(response.body)) {
    m_violations.push_back("fake's own comment list: " + error);
  }
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::create_comment(const FakeRequest& request,
                                                            int64_t issue) {
  Json body;
  if (auto bad = invalid_body(request, "issues-create-comment.request.json", body)) return *bad;
  bool exists =
      std::count(m_config.pull_requests.begin(), m_config.pull_requests.end(), issue) > 0 ||
      std::any_of(m_issues.begin(), m_issues.end(),
                  [&](const FakeIssue& i) { return i.number == issue; });
  if (!exists) return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  FakeComment comment{m_next_id++, issue, body["body"].get<std::string>(), m_config.bot_login};
  m_comments.push_back(comment);
  Response response =
      respond(201, comment_json(comment), "issues-create-comment.response-201.json");
  response.headers.emplace_back("location",
                                fmt::format("{}/issues/comments/{}", repo_url(), comment.id));
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::update_comment(const FakeRequest& request,
                                                            int64_t id) {
  Json body;
  if (auto bad = invalid_body(request, "issues-update-comment.request.json", body)) return *bad;
  auto it = std::find_if(m_comments.begin(), m_comments.end(),
                         [&](const FakeComment& c) { return c.id == id; });
  if (it == m_comments.end())
    return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  if (it->login != m_config.bot_login) {
    m_violations.push_back(fmt::format("PATCH of comment {} written by {}", id, it->login));
    return respond(403, {{"message", "Resource not accessible by integration"}},
                   "error-basic-error.json");
  }
  it->body = body["body"].get<std::string>();
  return respond(200, comment_json(*it), "issues-update-comment.response-200.json");
}

FakeGitHubServer::Response FakeGitHubServer::delete_comment(int64_t id) {
  auto it = std::find_if(m_comments.begin(), m_comments.end(),
                         [&](const FakeComment& c) { return c.id == id; });
  if (it == m_comments.end())
    return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  m_comments.erase(it);
  Response response;
  response.status = 204;
  response.empty_body = true;
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::list_issues(const FakeRequest& request) {
  std::string state = request.query.count("state") ? request.query.at("state") : "open";
  std::string labels = request.query.count("labels") ? request.query.at("labels") : "";
  std::vector<Json> items;
  // GitHub's default order: newest first.
  for (auto it = m_issues.rbegin(); it != m_issues.rend(); ++it) {
    if (state != "all" && it->state != state) continue;
    if (has_all_labels(*it, labels)) items.push_back(issue_json(*it));
  }
  Response response = paginate(request, items);
  for (const std::string& error :
       schema("issues-list-for-repo.response-200.json").validate(response.body)) {
    m_violations.push_back("fake's own issue list: " + error);
  }
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::create_issue(const FakeRequest& request) {
  Json body;
  if (auto bad = invalid_body(request, "issues-create.request.json", body)) return *bad;
  FakeIssue issue;
  issue.id = m_next_id++;
  issue.number = 1;
  for (const FakeIssue& other : m_issues) issue.number = std::max(issue.number, other.number + 1);
  for (int64_t pr : m_config.pull_requests) issue.number = std::max(issue.number, pr + 1);
  issue.title = body["title"].is_string() ? body["title"].get<std::string>() : body["title"].dump();
  issue.body = body.value("body", "");
  for (const Json& label : body.value("labels", Json::array())) {
    issue.labels.push_back(label.is_string() ? label.get<std::string>() : label.value("name", ""));
  }
  issue.login = m_config.bot_login;
  m_issues.push_back(issue);
  Response response = respond(201, issue_json(issue), "issues-create.response-201.json");
  response.headers.emplace_back("location", fmt::format("{}/issues/{}", repo_url(), issue.number));
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::update_issue(const FakeRequest& request,
                                                          int64_t number) {
  Json body;
  if (auto bad = invalid_body(request, "issues-update.request.json", body)) return *bad;
  auto it = std::find_if(m_issues.begin(), m_issues.end(),
                         [&](const FakeIssue& i) { return i.number == number; });
  if (it == m_issues.end())
    return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  if (body.contains("state") && body["state"].is_string())
    it->state = body["state"].get<std::string>();
  if (body.contains("body") && body["body"].is_string()) it->body = body["body"].get<std::string>();
  if (body.contains("title") && body["title"].is_string())
    it->title = body["title"].get<std::string>();
  return respond(200, issue_json(*it), "issues-update.response-200.json");
}

FakeGitHubServer::Response FakeGitHubServer::create_check_run(const FakeRequest& request) {
  if (m_config.checks_forbidden) {
    return respond(
        403,
        {{"message", "Resource not accessible by integration"},
         {"documentation_url", "https://docs.github.com/rest/checks/runs#create-a-check-run"}},
        "error-basic-error.json");
  }
  Json body;
  if (auto bad = invalid_body(request, "checks-create.request.json", body)) return *bad;
  int64_t id = m_next_id++;
  Json output = {{"title", nullptr},
                 {"summary", nullptr},
                 {"text", nullptr},
                 {"annotations_count", 0},
                 {"annotations_url", fmt::format("{}/check-runs/{}/annotations", repo_url(), id)}};
  if (body.contains("output")) {
    for (const char* key : {"title", "summary", "text"}) {
      if (body["output"].contains(key)) output[key] = body["output"][key];
    }
  }
  Json run = {{"id", id},
              {"node_id", fmt::format("CR_{}", id)},
              {"head_sha", body["head_sha"]},
              {"name", body["name"]},
              {"external_id", body.value("external_id", "")},
              {"url", fmt::format("{}/check-runs/{}", repo_url(), id)},
              {"html_url",
               fmt::format("https://github.com/{}/{}/runs/{}", m_config.owner, m_config.repo, id)},
              {"details_url", body.value("details_url", "")},
              {"status", body.value("status", "queued")},
              {"conclusion", body.contains("conclusion") ? body["conclusion"] : Json(nullptr)},
              {"started_at", k_time},
              {"completed_at", body.contains("conclusion") ? Json(k_time) : Json(nullptr)},
              {"output", output},
              {"check_suite", {{"id", 5}}},
              {"app",
               {{"id", 15368},
                {"node_id", "MDM6QXBwMTUzNjg="},
                {"name", "GitHub Actions"},
                {"html_url", "https://github.com/apps/github-actions"}}},
              {"pull_requests", Json::array()}};
  m_check_runs.push_back(run);
  return respond(201, run, "checks-create.response-201.json");
}

FakeGitHubServer::Response FakeGitHubServer::update_check_run(const FakeRequest& request,
                                                              int64_t id) {
  Json body;
  if (auto bad = invalid_body(request, "checks-update.request.json", body)) return *bad;
  auto it = std::find_if(m_check_runs.begin(), m_check_runs.end(),
                         [&](const Json& r) { return r["id"] == id; });
  if (it == m_check_runs.end())
    return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  for (const char* key : {"status", "conclusion", "details_url"}) {
    if (body.contains(key)) (*it)[key] = body[key];
  }
  return respond(200, *it, "checks-update.response-200.json");
}

FakeGitHubServer::Response FakeGitHubServer::create_status(const FakeRequest& request,
                                                           const std::string& sha) {
  Json body;
  if (auto bad = invalid_body(request, "repos-create-commit-status.request.json", body))
    return *bad;
  // GitHub's limit is not in the schema (endpoints.md §0.4): enforce it as the API does.
  if (body.contains("description") && body["description"].is_string() &&
      body["description"].get<std::string>().size() > 140) {
    m_violations.push_back("status description longer than 140 characters");
    return respond(422,
                   {{"message", "Validation Failed"},
                    {"errors",
                     {{{"resource", "Status"},
                       {"code", "custom"},
                       {"field", "description"},
                       {"message", "description is too long (maximum is 140 characters)"}}}},
                    {"documentation_url",
                     "https://docs.github.com/rest/commits/statuses#create-a-commit-status"}},
                   "error-validation-error.json");
  }
  int64_t id = m_next_id++;
  Json status = {{"url", fmt::format("{}/statuses/{}", repo_url(), sha)},
                 {"avatar_url", nullptr},
                 {"id", id},
                 {"node_id", fmt::format("SC_{}", id)},
                 {"state", body["state"]},
                 {"description", body.value("description", Json(nullptr))},
                 {"target_url", body.value("target_url", Json(nullptr))},
                 {"context", body.value("context", "default")},
                 {"created_at", k_time},
                 {"updated_at", k_time},
                 {"creator", user_json(m_config.bot_login)},
                 {"sha", sha}};
  m_statuses.push_back(status);
  return respond(201, status, "repos-create-commit-status.response-201.json");
}

int64_t FakeGitHubServer::add_comment(int64_t issue_number, const std::string& body,
                                      const std::string& login) {
  std::lock_guard lock(m_mutex);
  m_comments.push_back({m_next_id++, issue_number, body, login});
  return m_comments.back().id;
}

int64_t FakeGitHubServer::add_issue(FakeIssue issue) {
  std::lock_guard lock(m_mutex);
  issue.id = m_next_id++;
  if (issue.number == 0) {
    issue.number = 1;
    for (const FakeIssue& other : m_issues) issue.number = std::max(issue.number, other.number + 1);
    for (int64_t pr : m_config.pull_requests) issue.number = std::max(issue.number, pr + 1);
  }
  if (issue.login.empty()) issue.login = m_config.bot_login;
  m_issues.push_back(issue);
  return issue.number;
}

std::vector<FakeComment> FakeGitHubServer::comments(int64_t issue_number) const {
  std::lock_guard lock(m_mutex);
  std::vector<FakeComment> out;
  for (const FakeComment& c : m_comments) {
    if (c.issue_number == issue_number) out.push_back(c);
  }
  return out;
}

std::vector<FakeIssue> FakeGitHubServer::issues() const {
  std::lock_guard lock(m_mutex);
  return m_issues;
}

std::vector<Json> FakeGitHubServer::check_runs() const {
  std::lock_guard lock(m_mutex);
  return m_check_runs;
}

std::vector<Json> FakeGitHubServer::statuses() const {
  std::lock_guard lock(m_mutex);
  return m_statuses;
}

}  // namespace perfgate::test

// SPDX-License-Identifier: MIT
// FakeGitHubServer's REST routes and state: comments, issues, check runs, statuses, pagination
// (files on branches: fake_github_contents.cpp).
// Bodies are checked against tests/data/github/schemas; responses are built to satisfy them.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "support/fake_github_server.h"
#include "support/test_paths.h"

namespace perfgate::test {
namespace {

using Json = nlohmann::json;

constexpr const char* k_time = "2026-01-01T00:00:00Z";

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty()) {
    size_t slash = path.find('/');
    if (slash != 0) parts.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::optional<int64_t> to_int(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string FakeGitHubServer::repo_url() const {
  return fmt::format("{}/repos/{}/{}", api_url(), m_config.owner, m_config.repo);
}

const JsonSchema& FakeGitHubServer::schema(const char* file) {
  auto& slot = m_schemas[file];
  if (!slot) {
    slot = std::make_unique<JsonSchema>(
        JsonSchema::load((data_dir() / "github" / "schemas" / file).string()));
  }
  return *slot;
}

FakeGitHubServer::Response FakeGitHubServer::respond(int status, Json body,
                                                     const char* schema_file) {
  if (schema_file != nullptr) {
    for (const std::string& error : schema(schema_file).validate(body)) {
      m_violations.push_back(fmt::format("fake's own response breaks {}: {}", schema_file, error));
    }
  }
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::optional<FakeGitHubServer::Response> FakeGitHubServer::invalid_body(const FakeRequest& request,
                                                                         const char* schema_file,
                                                                         Json& parsed) {
  parsed = Json::parse(request.body, nullptr, false);
  if (parsed.is_discarded()) {
    m_violations.push_back(fmt::format("{} {}: body is not JSON", request.method, request.path));
    return respond(400, {{"message", "Problems parsing JSON"}}, "error-basic-error.json");
  }
  std::vector<std::string> errors = schema(schema_file).validate(parsed);
  if (errors.empty()) return std::nullopt;
  Json list = Json::array();
  for (const std::string& error : errors) {
    m_violations.push_back(
        fmt::format("{} {}: {}: {}", request.method, request.path, schema_file, error));
    list.push_back({{"code", "invalid"}, {"message", error}});
  }
  return respond(422,
                 {{"message", "Validation Failed"},
                  {"errors", list},
                  {"documentation_url", "https://docs.github.com/rest"}},
                 "error-validation-error.json");
}

FakeGitHubServer::Response FakeGitHubServer::paginate(const FakeRequest& request,
                                                      const std::vector<Json>& items) {
  int64_t per_page = request.query_int("per_page").value_or(30);
  int64_t page = std::max<int64_t>(1, request.query_int("page").value_or(1));
  auto total = static_cast<int64_t>(items.size());
  int64_t last = std::max<int64_t>(1, (total + per_page - 1) / per_page);
  Json body = Json::array();
  for (int64_t i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
    body.push_back(items[static_cast<size_t>(i)]);
  }
  Response response;
  response.body = std::move(body);
  if (last > 1) {
    std::string base = api_url() + request.path;
    if (m_config.repositories_links) {
      std::string prefix = fmt::format("/repos/{}/{}", m_config.owner, m_config.repo);
      base = fmt::format("{}/repositories/{}{}", api_url(), m_config.repository_id,
                         request.path.substr(std::min(request.path.size(), prefix.size())));
    }
    auto link = [&](int64_t n, const char* rel) {
      std::string query;
      for (const auto& [key, value] : request.query) {
        if (key != "page") query += fmt::format("{}={}&", key, value);
      }
      return fmt::format("<{}?{}page={}>; rel=\"{}\"", base, query, n, rel);
    };
    std::vector<std::string> links;
    if (page > 1) links.push_back(link(page - 1, "prev"));
    if (page < last) links.push_back(link(page + 1, "next"));
    links.push_back(link(last, "last"));
    links.push_back(link(1, "first"));
    response.headers.emplace_back("link", fmt::format("{}", fmt::join(links, ", ")));
  }
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::route(const FakeRequest& request) {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> parts = split_path(request.path);
  auto not_found = [&] {
    return respond(404, {{"message", "Not Found"}}, "error-basic-error.json");
  };
  // /repos/{owner}/{repo}/... or /repositories/{id}/...
  size_t rest = 0;
  if (parts.size() >= 3 && parts[0] == "repos" &&
      lower_ascii(parts[1]) == lower_ascii(m_config.owner) &&
      lower_ascii(parts[2]) == lower_ascii(m_config.repo)) {
    rest = 3;
  } else if (parts.size() >= 2 && parts[0] == "repositories" &&
             to_int(parts[1]) == m_config.repository_id) {
    rest = 2;
  } else {
    return not_found();
  }
  std::vector<std::string> p(parts.begin() + static_cast<ptrdiff_t>(rest), parts.end());
  const std::string& m = request.method;
  if (p.size() == 3 && p[0] == "issues" && p[1] == "comments") {
    auto id = to_int(p[2]);
    if (!id) return not_found();
    if (m == "PATCH") return update_comment(request, *id);
    if (m == "DELETE") return delete_comment(*id);
  }
  if (p.size() == 3 && p[0] == "issues" && p[2] == "comments") {
    auto number = to_int(p[1]);
    if (!number) return not_found();
    if (m == "GET") return list_comments(request, *number);
    if (m == "POST") return create_comment(request, *number);
  }
  if (p.size() == 1 && p[0] == "issues") {
    if (m == "GET") return list_issues(request);
    if (m == "POST") return create_issue(request);
  }
  if (p.size() == 2 && p[0] == "issues" && m == "PATCH") {
    if (auto number = to_int(p[1])) return update_issue(request, *number);
  }
  if (p.size() == 1 && p[0] == "check-runs" && m == "POST") return create_check_run(request);
  if (p.size() == 2 && p[0] == "check-runs" && m == "PATCH") {
    if (auto id = to_int(p[1])) return update_check_run(request, *id);
  }
  if (p.size() == 2 && p[0] == "statuses" && m == "POST") return create_status(request, p[1]);
  if (p.size() >= 2 && p[0] == "contents") {
    std::string path = p[1];
    for (size_t i = 2; i < p.size(); ++i) path += "/" + p[i];
    if (m == "GET") return get_content(request, path);
    if (m == "PUT") return put_content(request, path);
  }
  if (p.size() == 2 && p[0] == "git" && p[1] == "refs" && m == "POST") return create_ref(request);
  if (p.size() == 3 && p[0] == "git" && p[1] == "blobs" && m == "GET") return get_blob(p[2]);
  return not_found();
}

Json FakeGitHubServer::user_json(const std::string& login) const {
  bool bot = login.find("[bot]") != std::string::npos;
  return {{"login", login},
          {"id", 41898282},
          {"node_id", "MDM6Qm90NDE4OTgyODI="},
          {"avatar_url", "https://avatars.githubusercontent.com/in/15368?v=4"},
          {"url", api_url() + "/users/" + login},
          {"html_url", "https://github.com/" + login},
          {"type", bot ? "Bot" : "User"},
          {"site_admin", false}};
}

Json FakeGitHubServer::comment_json(const FakeComment& comment) const {
  return {
      {"id", comment.id},
      {"node_id", fmt::format("IC_{}", comment.id)},
      {"url", fmt::format("{}/issues/comments/{}", repo_url(), comment.id)},
      {"html_url", fmt::format("https://github.com/{}/{}/pull/{}#issuecomment-{}", m_config.owner,
                               m_config.repo, comment.issue_number, comment.id)},
      {"issue_url", fmt::format("{}/issues/{}", repo_url(), comment.issue_number)},
      {"body", comment.body},
      {"user", user_json(comment.login)},
      {"created_at", k_time},
      {"updated_at", k_time},
      {"author_association", "NONE"}};
}

Json FakeGitHubServer::issue_json(const FakeIssue& issue) const {
  Json labels = Json::array();
  for (const std::string& label : issue.labels) {
    labels.push_back({{"id", 1},
                      {"node_id", "LA_1"},
                      {"url", repo_url() + "/labels/" + label},
                      {"name", label},
                      {"color", "d73a4a"},
                      {"default", false},
                      {"description", nullptr}});
  }
  Json json = {{"id", issue.id},
               {"node_id", fmt::format("I_{}", issue.id)},
               {"url", fmt::format("{}/issues/{}", repo_url(), issue.number)},
               {"repository_url", repo_url()},
               {"comments_url", fmt::format("{}/issues/{}/comments", repo_url(), issue.number)},
               {"html_url", fmt::format("https://github.com/{}/{}/issues/{}", m_config.owner,
                                        m_config.repo, issue.number)},
               {"number", issue.number},
               {"state", issue.state},
               {"title", issue.title},
               {"body", issue.body},
               {"user", user_json(issue.login)},
               {"labels", labels},
               {"assignee", nullptr},
               {"milestone", nullptr},
               {"locked", false},
               {"comments", std::count_if(m_comments.begin(), m_comments.end(),
                                          [&](const FakeComment& c) {
                                            return c.issue_number == issue.number;
                                          })},
               {"closed_at", issue.state == "closed" ? Json(k_time) : Json(nullptr)},
               {"created_at", k_time},
               {"updated_at", k_time},
               {"author_association", "NONE"}};
  if (issue.is_pull_request) {
    std::string html = fmt::format("https://github.com/{}/{}/pull/{}", m_config.owner,
                                   m_config.repo, issue.number);
    json["pull_request"] = {{"url", fmt::format("{}/pulls/{}", repo_url(), issue.number)},
                            {"html_url", html},
                            {"diff_url", html + ".diff"},
                            {"patch_url", html + ".patch"}};
  }
  return json;
}

}  // namespace perfgate::test

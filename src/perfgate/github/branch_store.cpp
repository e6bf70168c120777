// SPDX-License-Identifier: MIT
#include "perfgate/github/branch_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "perfgate/util/log.h"
#include "perfgate/webhook/signature.h"

namespace perfgate::github {
namespace {

// A path's segments percent-encoded, its slashes kept: "perf/a b.json" -> "perf/a%20b.json".
std::string encode_path(const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    out += url_encode(path.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

// GitHub wraps base64 content at 60 columns.
std::optional<std::string> decode_content(const std::string& base64) {
  std::string compact;
  compact.reserve(base64.size());
  for (char c : base64) {
    if (c != '\n' && c != '\r') compact += c;
  }
  return webhook::base64_decode(compact);
}

// A compare-and-swap that lost: the file changed since it was read (409 "does not match"), or it
// appeared or vanished in between (422 "sha wasn't supplied" / "Invalid request").
bool is_conflict(const ApiResponse& response) {
  return response.status == 409 || response.status == 422;
}

// 200 ms after the first conflict, growing by 200 ms a round up to 2 s, each ±50 % at random.
std::chrono::milliseconds conflict_wait(int attempt) {
  static thread_local std::mt19937 random{std::random_device{}()};
  double base = std::min(200.0 * attempt, 2000.0);
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  return std::chrono::milliseconds(static_cast<int64_t>(base * jitter(random)));
}

}  // namespace

BranchStore::BranchStore(GitHubClient& client, Repository repository, std::string branch,
                         std::string base_sha, int max_attempts, net::Sleeper sleeper)
    : m_client(client),
      m_repository(std::move(repository)),
      m_branch(std::move(branch)),
      m_base_sha(std::move(base_sha)),
      m_max_attempts(max_attempts < 1 ? 1 : max_attempts),
      m_sleeper(std::move(sleeper)) {}

std::string BranchStore::contents_path(const std::string& path) const {
  return m_repository.api_path() + "/contents/" + encode_path(path);
}

Result<std::optional<StoredFile>> BranchStore::read(const std::string& path) {
  std::string request_path = contents_path(path) + "?ref=" + url_encode(m_branch);
  auto response = m_client.request("GET", request_path);
  if (!response) return response.error();
  // 404: no such branch, or no such file on it; both mean "nothing stored yet".
  if (response->status == 404) return std::optional<StoredFile>{};
  if (!response->ok()) {
    return Error::runtime(fmt::format("reading {} from branch {}: HTTP {} {}", path, m_branch,
                                      response->status, response->message()));
  }
  const Json& body = response->body;
  if (!body.is_object() || body.value("type", "") != "file") {
    return Error::runtime(fmt::format("{} on branch {} is not a file", path, m_branch));
  }
  std::string sha = body.value("sha", "");
  std::string encoded = body.value("content", "");
  if (body.value("encoding", "") == "none") {
    // Beyond 1 MB the Contents API gives the sha but no content; the Git blobs API gives both.
    auto blob = m_client.request("GET", m_repository.api_path() + "/git/blobs/" + url_encode(sha));
    if (!blob) return blob.error();
    if (!blob->ok() || blob->body.value("encoding", "") != "base64") {
      return Error::runtime(fmt::format("reading {} (blob {}) from branch {}: HTTP {} {}", path,
                                        sha, m_branch, blob->status, blob->message()));
    }
    encoded = blob->body.value("content", "");
  } else if (body.value("encoding", "") != "base64") {
    return Error::runtime(fmt::format("{} on branch {}: unknown encoding '{}'", path, m_branch,
                                      body.value("encoding", "")));
  }
  auto content = decode_content(encoded);
  if (!content) {
    return Error::runtime(fmt::format("{} on branch {}: content is not base64", path, m_branch));
  }
  return std::optional<StoredFile>{StoredFile{std::move(*content), std::move(sha)}};
}

Status BranchStore::create_branch(bool& created) {
  Json body = {{"ref", "refs/heads/" + m_branch}, {"sha", m_base_sha}};
  auto response = m_client.request("POST", m_repository.api_path() + "/git/refs", body);
  if (!response) return response.error();
  if (response->status == 201) {
    created = true;
    util::notice(fmt::format("created branch {} for the stored baselines", m_branch));
    return ok_status();
  }
  // Another job created it meanwhile: "Reference already exists".
  if (response->status == 422 && response->message().find("already exists") != std::string::npos)
    return ok_status();
  return Error::runtime(fmt::format(
      "creating branch {}: HTTP {} {}{}", m_branch, response->status, response->message(),
      response->status == 403 ? " (the job needs permissions: contents: write)" : ""));
}

Result<StoreOutcome> BranchStore::update(const std::string& path, const std::string& message,
                                         const FoldFunction& fold) {
  StoreOutcome outcome;
  std::string last_conflict;
  bool branch_ensured = false;
  while (outcome.attempts < m_max_attempts) {
    ++outcome.attempts;
    auto current = read(path);
    if (!current) return current.error();
    std::optional<std::string> text;
    if (*current) text = (*current)->content;
    auto folded = fold(text);
    if (!folded) return folded.error();
    if (text && *folded == *text) {
      outcome.unchanged = true;
      return outcome;
    }
    if (!*current && !branch_ensured) {
      // No file: maybe no branch either (the PUT creates a file, not a branch). Creating it is
      // one request, and harmless when it exists ("Reference already exists").
      auto created = create_branch(outcome.created_branch);
      if (!created) return created.error();
      branch_ensured = true;
    }
    Json body = {
        {"message", message}, {"content", webhook::base64_encode(*folded)}, {"branch", m_branch}};
    if (*current) body["sha"] = (*current)->sha;
    auto response = m_client.request("PUT", contents_path(path), body);
    if (!response) return response.error();
    if (response->ok()) {
      outcome.created_file = !*current;
      return outcome;
    }
    if (response->status == 404) {
      branch_ensured = false;  // the branch was deleted since it was read
    } else if (!is_conflict(*response)) {
      return Error::runtime(fmt::format(
          "writing {} to branch {}: HTTP {} {}{}", path, m_branch, response->status,
          response->message(),
          response->status == 403 ? " (the job needs permissions: contents: write)" : ""));
    }
    last_conflict = fmt::format("HTTP {} {}", response->status, response->message());
    util::notice(fmt::format("{} on branch {} changed while it was updated ({}); reading it again",
                             path, m_branch, last_conflict));
    if (outcome.attempts < m_max_attempts) m_sleeper(conflict_wait(outcome.attempts));
  }
  return Error::runtime(
      fmt::format("writing {} to branch {}: still conflicting after {} attempts (last: {})", path,
                  m_branch, m_max_attempts, last_conflict));
}

}  // namespace perfgate::github

// SPDX-License-Identifier: MIT
// FakeGitHubServer's files on branches: the Contents API (GET and PUT /repos/{o}/{r}/contents/
// {path}), blobs (GET /repos/{o}/{r}/git/blobs/{sha}, for files the Contents API does not return
// beyond 1 MB) and branch creation (POST /repos/{o}/{r}/git/refs), with GitHub's compare-and-swap
// on a file's blob sha (the sha git itself gives the blob: SHA-1 of "blob <size>\0<content>").
// Handlers are called with the mutex held.
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

#include "support/fake_github_server.h"

namespace perfgate::test {
namespace {

using Json = nlohmann::json;

constexpr const char* k_time = "2026-01-01T00:00:00Z";
// The Contents API returns a file's content only up to 1 MB (encoding "none" beyond).
constexpr size_t k_content_limit = 1024 * 1024;

// The fake's own base64 and SHA-1 (OpenSSL's), independent of the client's code under test.
std::string sha1_hex(const std::string& bytes) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  std::string hex;
  for (unsigned char c : digest) hex += fmt::format("{:02x}", c);
  return hex;
}

std::string base64_encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

// Strict standard base64 (GitHub rejects anything else); nullopt when it is not.
std::optional<std::string> base64_decode(const std::string& text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool pad = c == '=' && i + 2 >= text.size();
    if (!pad && !std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/')
      return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  size_t padding = static_cast<size_t>(
      std::count(text.end() - std::min<size_t>(2, text.size()), text.end(), '='));
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

std::string blob_sha(const std::string& content) {
  return sha1_hex(fmt::format("blob {}", content.size()) + '\0' + content);
}

// GitHub's base64 in file responses: wrapped at 60 columns, each line ending in "\n".
std::string wrapped_base64(const std::string& content) {
  std::string flat = base64_encode(content);
  std::string out;
  for (size_t i = 0; i < flat.size(); i += 60) out += flat.substr(i, 60) + "\n";
  return out;
}

bool is_hex_sha(const std::string& text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string FakeGitHubServer::next_commit_sha() {
  return sha1_hex(fmt::format("commit {}", ++m_commits));
}

FakeGitHubServer::Response FakeGitHubServer::get_content(const FakeRequest& request,
                                                         const std::string& path) {
  std::string ref = request.query.count("ref") ? request.query.at("ref") : m_config.default_branch;
  auto branch = m_branches.find(ref);
  if (branch == m_branches.end()) {
    return respond(404,
                   {{"message", "No commit found for the ref " + ref},
                    {"documentation_url",
                     "https://docs.github.com/rest/repos/contents#get-repository-content"}},
                   "error-basic-error.json");
  }
  auto file = branch->second.files.find(path);
  if (file == branch->second.files.end()) {
    return respond(404,
                   {{"message", "Not Found"},
                    {"documentation_url",
                     "https://docs.github.com/rest/repos/contents#get-repository-content"}},
                   "error-basic-error.json");
  }
  const std::string& content = file->second;
  std::string sha = blob_sha(content);
  std::string self = fmt::format("{}/contents/{}?ref={}", repo_url(), path, ref);
  std::string git = fmt::format("{}/git/blobs/{}", repo_url(), sha);
  std::string html =
      fmt::format("https://github.com/{}/{}/blob/{}/{}", m_config.owner, m_config.repo, ref, path);
  bool too_large = content.size() > k_content_limit;
  Json body = {{"type", "file"},
               {"encoding", too_large ? "none" : "base64"},
               {"size", content.size()},
               {"name", base_name(path)},
               {"path", path},
               {"content", too_large ? "" : wrapped_base64(content)},
               {"sha", sha},
               {"url", self},
               {"git_url", git},
               {"html_url", html},
               {"download_url", fmt::format("https://raw.githubusercontent.com/{}/{}/{}/{}",
                                            m_config.owner, m_config.repo, ref, path)},
               {"_links", {{"self", self}, {"git", git}, {"html", html}}}};
  return respond(200, body, "repos-get-content.response-200.json");
}

FakeGitHubServer::Response FakeGitHubServer::put_content(const FakeRequest& request,
                                                         const std::string& path) {
  Json body;
  if (auto bad = invalid_body(request, "repos-create-or-update-file-contents.request.json", body))
    return *bad;
  std::string docs = "https://docs.github.com/rest/repos/contents#create-or-update-file-contents";
  if (m_config.contents_read_only) {
    return respond(
        403, {{"message", "Resource not accessible by integration"}, {"documentation_url", docs}},
        "error-basic-error.json");
  }
  std::string name = body.value("branch", m_config.default_branch);
  auto branch = m_branches.find(name);
  if (branch == m_branches.end()) {
    return respond(404, {{"message", "Branch " + name + " not found"}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  auto content = base64_decode(body["content"].get<std::string>());
  if (!content) {
    m_violations.push_back(fmt::format("PUT {}: content is not base64", request.path));
    return respond(422, {{"message", "content is not valid Base64"}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  auto existing = branch->second.files.find(path);
  bool exists = existing != branch->second.files.end();
  // The compare-and-swap: a write over an existing file must name the blob it replaces.
  if (exists && !body.contains("sha")) {
    return respond(
        422,
        {{"message", "Invalid request.\n\n\"sha\" wasn't supplied."}, {"documentation_url", docs}},
        "error-basic-error.json");
  }
  if (body.contains("sha") &&
      (!exists || body["sha"].get<std::string>() != blob_sha(existing->second))) {
    return respond(
        409,
        {{"message", fmt::format("{} does not match {}", path, body["sha"].get<std::string>())},
         {"documentation_url", docs}},
        "error-basic-error.json");
  }
  branch->second.files[path] = *content;
  std::string parent = branch->second.head;
  branch->second.head = next_commit_sha();
  ++m_file_writes;
  std::string sha = blob_sha(*content);
  std::string html =
      fmt::format("https://github.com/{}/{}/blob/{}/{}", m_config.owner, m_config.repo, name, path);
  Json person = {{"date", k_time},
                 {"name", m_config.bot_login},
                 {"email", "41898282+github-actions[bot]@users.noreply.github.com"}};
  Json result = {
      {"content",
       {{"name", base_name(path)},
        {"path", path},
        {"sha", sha},
        {"size", content->size()},
        {"url", fmt::format("{}/contents/{}?ref={}", repo_url(), path, name)},
        {"html_url", html},
        {"git_url", fmt::format("{}/git/blobs/{}", repo_url(), sha)},
        {"download_url", fmt::format("https://raw.githubusercontent.com/{}/{}/{}/{}",
                                     m_config.owner, m_config.repo, name, path)},
        {"type", "file"},
        {"_links",
         {{"self", fmt::format("{}/contents/{}?ref={}", repo_url(), path, name)},
          {"git", fmt::format("{}/git/blobs/{}", repo_url(), sha)},
          {"html", html}}}}},
      {"commit",
       {{"sha", branch->second.head},
        {"node_id", "C_" + branch->second.head.substr(0, 8)},
        {"url", fmt::format("{}/git/commits/{}", repo_url(), branch->second.head)},
        {"html_url", fmt::format("https://github.com/{}/{}/commit/{}", m_config.owner,
                                 m_config.repo, branch->second.head)},
        {"author", person},
        {"committer", person},
        {"message", body["message"]},
        {"tree", {{"url", repo_url() + "/git/trees/0"}, {"sha", sha1_hex("tree " + sha)}}},
        {"parents",
         {{{"url", fmt::format("{}/git/commits/{}", repo_url(), parent)},
           {"html_url", fmt::format("https://github.com/{}/{}/commit/{}", m_config.owner,
                                    m_config.repo, parent)},
           {"sha", parent}}}},
        {"verification",
         {{"verified", false},
          {"reason", "unsigned"},
          {"signature", nullptr},
          {"payload", nullptr}}}}}};
  return respond(exists ? 200 : 201, result, "repos-create-or-update-file-contents.response.json");
}

FakeGitHubServer::Response FakeGitHubServer::create_ref(const FakeRequest& request) {
  Json body;
  if (auto bad = invalid_body(request, "git-create-ref.request.json", body)) return *bad;
  std::string docs = "https://docs.github.com/rest/git/refs#create-a-reference";
  if (m_config.contents_read_only) {
    return respond(
        403, {{"message", "Resource not accessible by integration"}, {"documentation_url", docs}},
        "error-basic-error.json");
  }
  std::string ref = body["ref"].get<std::string>();
  std::string sha = body["sha"].get<std::string>();
  if (!ref.starts_with("refs/") || std::count(ref.begin(), ref.end(), '/') < 2) {
    return respond(422,
                   {{"message", ref + " is not a valid ref name."}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  if (!is_hex_sha(sha)) {
    return respond(422, {{"message", "Object does not exist"}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  if (!ref.starts_with("refs/heads/")) {
    m_violations.push_back("the fake keeps branches only: POST git/refs " + ref);
    return respond(422, {{"message", "Object does not exist"}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  std::string name = ref.substr(11);
  if (m_branches.count(name) > 0) {
    return respond(422, {{"message", "Reference already exists"}, {"documentation_url", docs}},
                   "error-basic-error.json");
  }
  // A branch created at a commit has that commit's files; the fake knows only its default
  // branch's (a branch at any other sha starts empty).
  FakeBranch branch;
  branch.head = sha;
  const FakeBranch& base = m_branches[m_config.default_branch];
  if (base.head == sha) branch.files = base.files;
  m_branches[name] = branch;
  Json created = {{"ref", ref},
                  {"node_id", "REF_" + sha.substr(0, 8)},
                  {"url", fmt::format("{}/git/{}", repo_url(), ref)},
                  {"object",
                   {{"type", "commit"},
                    {"sha", sha},
                    {"url", fmt::format("{}/git/commits/{}", repo_url(), sha)}}}};
  Response response = respond(201, created, "git-create-ref.response-201.json");
  response.headers.emplace_back("location", fmt::format("{}/git/{}", repo_url(), ref));
  return response;
}

FakeGitHubServer::Response FakeGitHubServer::get_blob(const std::string& sha) {
  for (const auto& [name, branch] : m_branches) {
    for (const auto& [path, content] : branch.files) {
      if (blob_sha(content) != sha) continue;
      Json blob = {{"sha", sha},
                   {"node_id", "B_" + sha.substr(0, 8)},
                   {"size", content.size()},
                   {"url", fmt::format("{}/git/blobs/{}", repo_url(), sha)},
                   {"content", wrapped_base64(content)},
                   {"encoding", "base64"}};
      return respond(200, blob, "git-get-blob.response-200.json");
    }
  }
  return respond(404,
                 {{"message", "Not Found"},
                  {"documentation_url", "https://docs.github.com/rest/git/blobs#get-a-blob"}},
                 "error-basic-error.json");
}

void FakeGitHubServer::add_branch(const std::string& branch) {
  std::lock_guard lock(m_mutex);
  if (m_branches.count(branch) == 0) m_branches[branch].head = next_commit_sha();
}

void FakeGitHubServer::put_file(const std::string& branch, const std::string& path,
                                const std::string& content) {
  std::lock_guard lock(m_mutex);
  FakeBranch& b = m_branches[branch];
  b.files[path] = content;
  b.head = next_commit_sha();
}

std::optional<std::string> FakeGitHubServer::file(const std::string& branch,
                                                  const std::string& path) const {
  std::lock_guard lock(m_mutex);
  auto b = m_branches.find(branch);
  if (b == m_branches.end()) return std::nullopt;
  auto f = b->second.files.find(path);
  if (f == b->second.files.end()) return std::nullopt;
  return f->second;
}

bool FakeGitHubServer::has_branch(const std::string& branch) const {
  std::lock_guard lock(m_mutex);
  return m_branches.count(branch) > 0;
}

int FakeGitHubServer::file_writes() const {
  std::lock_guard lock(m_mutex);
  return m_file_writes;
}

}  // namespace perfgate::test

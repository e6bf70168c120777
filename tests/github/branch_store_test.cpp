// SPDX-License-Identifier: MIT
// The data-branch store against the fake GitHub API on loopback (real libcurl, real sockets):
// read/write round trips, branch creation, the compare-and-swap on the blob sha with concurrent
// writers, retries of server errors, and files beyond the Contents API's 1 MB.
#include "perfgate/github/branch_store.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "support/fake_github_server.h"

namespace perfgate::github {
namespace {

using std::chrono::milliseconds;
using test::FakeGitHubServer;
using test::Fault;
using test::FaultKind;

constexpr const char* k_branch = "perf-gate-data";
constexpr const char* k_path = "baselines/api-baseline.json";
const std::string k_base_sha(40, 'a');

// Appends one line: a fold that keeps whatever is there, as folding a run into a baseline does.
FoldFunction append(const std::string& line) {
  return [line](const std::optional<std::string>& current) -> Result<std::string> {
    return current.value_or("") + line + "\n";
  };
}

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.insert(line);
  return lines;
}

class BranchStoreTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& violation : m_server.violations()) ADD_FAILURE() << violation;
    EXPECT_FALSE(m_server.token_leaked());
  }

  // One job's client (each has its own connection, as two jobs would).
  std::unique_ptr<GitHubClient> client() {
    auto& http = m_http.emplace_back(net::make_curl_http_client());
    GitHubClientOptions options;
    options.api_url = m_server.api_url();
    options.token = m_server.config().token;
    options.retry.initial_backoff = milliseconds{1};
    return std::make_unique<GitHubClient>(*http, options, [](milliseconds) {});
  }

  // Waits between conflicting rounds are recorded, not slept.
  BranchStore store(GitHubClient& gh, int max_attempts = 8) {
    return BranchStore(gh, {"Codertocat", "Hello-World"}, k_branch, k_base_sha, max_attempts,
                       [this](milliseconds wait) {
                         std::lock_guard lock(m_waits_mutex);
                         m_waits.push_back(wait);
                       });
  }

  FakeGitHubServer m_server;
  std::vector<std::unique_ptr<net::HttpClient>> m_http;
  std::mutex m_waits_mutex;
  std::vector<milliseconds> m_waits;
};

TEST_F(BranchStoreTest, NothingIsStoredBeforeTheBranchExists) {
  auto gh = client();
  auto read = store(*gh).read(k_path);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_FALSE(read->has_value());
  EXPECT_FALSE(m_server.has_branch(k_branch));
}

TEST_F(BranchStoreTest, FirstWriteCreatesTheBranchAndTheFileAndReadsBack) {
  auto gh = client();
  BranchStore s = store(*gh);
  auto written = s.update(k_path, "perf-gate: first run", append("run 1"));
  ASSERT_TRUE(written.ok()) << written.error().describe();
  EXPECT_TRUE(written->created_branch);
  EXPECT_TRUE(written->created_file);
  EXPECT_EQ(written->attempts, 1);
  EXPECT_EQ(m_server.file(k_branch, k_path), "run 1\n");
  EXPECT_FALSE(m_server.file("main", k_path).has_value()) << "written to the default branch";

  auto read = s.read(k_path);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->content, "run 1\n");
  EXPECT_EQ((*read)->sha.size(), 40u);

  auto again = s.update(k_path, "perf-gate: second run", append("run 2"));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_FALSE(again->created_branch);
  EXPECT_FALSE(again->created_file);
  EXPECT_EQ(m_server.file(k_branch, k_path), "run 1\nrun 2\n");
}

TEST_F(BranchStoreTest, ContentSurvivesTheRoundTripByteForByte) {
  std::string bytes;
  for (int i = 0; i < 5000; ++i) bytes += static_cast<char>(i % 256);  // > 60 columns, any byte
  auto gh = client();
  BranchStore s = store(*gh);
  ASSERT_TRUE(
      s.update("a b/c.json", "m", [&](const auto&) -> Result<std::string> { return bytes; }).ok());
  auto read = s.read("a b/c.json");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->content, bytes);
}

TEST_F(BranchStoreTest, AWriterThatLostTheRaceReadsAgainAndKeepsBothRuns) {
  m_server.put_file(k_branch, k_path, "run 0\n");
  auto first = client();
  auto second = client();
  BranchStore a = store(*first);
  BranchStore b = store(*second);
  int folds = 0;
  // A reads the file, and before A writes, B reads, folds and writes its own run.
  auto outcome = a.update(k_path, "A", [&](const std::optional<std::string>& current) {
    if (++folds == 1) {
      auto other = b.update(k_path, "B", append("run B"));
      EXPECT_TRUE(other.ok()) << other.error().describe();
    }
    return append("run A")(current);
  });
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->attempts, 2);
  EXPECT_EQ(folds, 2);
  EXPECT_EQ(lines_of(*m_server.file(k_branch, k_path)),
            (std::set<std::string>{"run 0", "run A", "run B"}));
  int conflicts = 0;
  for (const auto& request : m_server.requests()) conflicts += request.status == 409;
  EXPECT_EQ(conflicts, 1);
}

TEST_F(BranchStoreTest, TwoJobsCreatingTheFileAtOnceBothLand) {
  // Neither sees a file: both write without a sha; the second is refused (422) and retries.
  auto first = client();
  auto second = client();
  BranchStore a = store(*first);
  BranchStore b = store(*second);
  int folds = 0;
  auto outcome = a.update(k_path, "A", [&](const std::optional<std::string>& current) {
    if (++folds == 1) {
      EXPECT_TRUE(b.update(k_path, "B", append("run B")).ok());
    }
    return append("run A")(current);
  });
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(lines_of(*m_server.file(k_branch, k_path)), (std::set<std::string>{"run A", "run B"}));
}

TEST_F(BranchStoreTest, ConcurrentUpdatersLoseNoRun) {
  constexpr int k_jobs = 6;
  std::vector<std::unique_ptr<GitHubClient>> clients;
  for (int i = 0; i < k_jobs; ++i) clients.push_back(client());
  std::vector<std::thread> jobs;
  std::vector<int> ok(k_jobs, 0);
  for (int i = 0; i < k_jobs; ++i) {
    jobs.emplace_back([&, i] {
      BranchStore s = store(*clients[static_cast<size_t>(i)], 50);
      auto outcome = s.update(k_path, "job", append("run " + std::to_string(i)));
      ok[static_cast<size_t>(i)] = outcome.ok() ? 1 : 0;
      if (!outcome) ADD_FAILURE() << outcome.error().describe();
    });
  }
  for (std::thread& job : jobs) job.join();
  std::set<std::string> expected;
  for (int i = 0; i < k_jobs; ++i) expected.insert("run " + std::to_string(i));
  ASSERT_TRUE(m_server.file(k_branch, k_path).has_value());
  EXPECT_EQ(lines_of(*m_server.file(k_branch, k_path)), expected);
  EXPECT_EQ(std::count(ok.begin(), ok.end(), 1), k_jobs);
  EXPECT_EQ(m_server.file_writes(), k_jobs);
}

TEST_F(BranchStoreTest, ServerErrorsAreRetried) {
  m_server.put_file(k_branch, k_path, "run 0\n");
  m_server.inject({FaultKind::internal_error, "GET", "/contents/", 1});
  m_server.inject({FaultKind::bad_gateway, "PUT", "/contents/", 2});
  auto gh = client();
  auto outcome = store(*gh).update(k_path, "m", append("run 1"));
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->attempts, 1) << "a 5xx is retried by the client, not a conflict";
  EXPECT_EQ(m_server.file(k_branch, k_path), "run 0\nrun 1\n");
}

TEST_F(BranchStoreTest, GivesUpAfterBoundedConflicts) {
  m_server.put_file(k_branch, k_path, "run 0\n");
  auto gh = client();
  int folds = 0;
  // Someone else writes between every read and write.
  auto outcome = store(*gh, 3).update(k_path, "m", [&](const std::optional<std::string>& current) {
    m_server.put_file(k_branch, k_path, "other " + std::to_string(++folds) + "\n");
    return append("mine")(current);
  });
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(folds, 3);
  // A growing, jittered wait between rounds (none after the last): 200 ms, then 400 ms, ±50 %.
  ASSERT_EQ(m_waits.size(), 2u);
  EXPECT_GE(m_waits[0], milliseconds{100});
  EXPECT_LE(m_waits[0], milliseconds{300});
  EXPECT_GE(m_waits[1], milliseconds{200});
  EXPECT_LE(m_waits[1], milliseconds{600});
  EXPECT_NE(outcome.error().message.find("after 3 attempts"), std::string::npos)
      << outcome.error().message;
  EXPECT_NE(outcome.error().message.find("409"), std::string::npos) << outcome.error().message;
}

TEST_F(BranchStoreTest, AFoldThatChangesNothingWritesNothing) {
  m_server.put_file(k_branch, k_path, "run 0\n");
  auto gh = client();
  auto outcome = store(*gh).update(k_path, "m", [](const std::optional<std::string>& current) {
    return Result<std::string>(current.value_or(""));
  });
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->unchanged);
  EXPECT_EQ(m_server.file_writes(), 0);
}

TEST_F(BranchStoreTest, AFoldErrorWritesNothing) {
  auto gh = client();
  auto outcome = store(*gh).update(k_path, "m", [](const std::optional<std::string>&) {
    return Result<std::string>(Error::bad_input("not a baseline"));
  });
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().message, "not a baseline");
  EXPECT_EQ(m_server.file_writes(), 0);
}

TEST_F(BranchStoreTest, AFileBeyondTheContentsApiLimitIsReadAsABlobAndUpdated) {
  std::string big(1024 * 1024 + 1, 'x');
  m_server.put_file(k_branch, k_path, big);
  auto gh = client();
  BranchStore s = store(*gh);
  auto read = s.read(k_path);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->content, big);
  ASSERT_TRUE(s.update(k_path, "m", append("")).ok());
  EXPECT_EQ(m_server.file(k_branch, k_path), big + "\n");
  int blob_reads = 0;
  for (const auto& request : m_server.requests()) {
    blob_reads += request.path.find("/git/blobs/") != std::string::npos;
  }
  EXPECT_EQ(blob_reads, 2);
}

}  // namespace
}  // namespace perfgate::github

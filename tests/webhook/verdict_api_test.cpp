// SPDX-License-Identifier: MIT
// The verdict endpoint's answers, without sockets: store lookup and routing.
#include "perfgate/webhook/verdict_api.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "webhook/webhook_verdict_files.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;
using stats::Status;
using testing::verdict_for;
using testing::write_verdict;

class VerdictApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_verdict(m_dir, "old.json",
                  verdict_for("checkout", "stress", "2026-01-01T00:00:00Z", Status::fail, 900));
    write_verdict(m_dir, "new.json",
                  verdict_for("checkout", "stress", "2026-02-01T00:00:00Z", Status::pass, 210));
    write_verdict(m_dir, "smoke.json",
                  verdict_for("checkout", "smoke", "2026-03-01T00:00:00Z", Status::fail, 990));
    write_verdict(m_dir, "search.json",
                  verdict_for("search", "stress", "2026-01-01T00:00:00Z", Status::fail, 700));
  }

  Reply get(const std::string& target, const std::string& token = "",
            const std::string& authorization = "") {
    std::string text = "GET " + target + " HTTP/1.1\r\nHost: x";
    if (!authorization.empty()) text += "\r\nAuthorization: " + authorization;
    auto head = parse_request_head(text);
    EXPECT_TRUE(head.has_value()) << target;
    return handle_verdict_request(*head, "", m_store, token);
  }

  Reply post(const std::string& target, const std::string& body, const std::string& token = "") {
    auto head = parse_request_head("POST " + target + " HTTP/1.1\r\nHost: x");
    return handle_verdict_request(*head, body, m_store, token);
  }

  test::TempDir m_dir;
  VerdictStore m_store{m_dir.path()};
};

TEST_F(VerdictApiTest, LatestVerdictInArgoShape) {
  Reply reply = get("/api/v1/verdict?scenario=checkout&profile=stress");
  ASSERT_EQ(reply.status, 200) << reply.body;
  json data = json::parse(reply.body)["data"];
  EXPECT_EQ(data["ok"], true);
  EXPECT_EQ(data["verdict"], "pass");
  EXPECT_EQ(data["regressed"], false);
  EXPECT_EQ(data["p95_ms"], 210);
  EXPECT_EQ(data["file"], "new.json");
  EXPECT_EQ(data["scenario"], "checkout");
  EXPECT_EQ(data["profile"], "stress");
}

TEST_F(VerdictApiTest, FailedVerdictIsNotOkAndRegressed) {
  json data = json::parse(get("/api/v1/verdict?scenario=search&profile=stress").body)["data"];
  EXPECT_EQ(data["ok"], false);
  EXPECT_EQ(data["regressed"], true);
  EXPECT_EQ(data["failed_checks"].size(), 1u);
}

TEST_F(VerdictApiTest, EmptyProfileMatchesAnyProfile) {
  json data = json::parse(get("/api/v1/verdict?scenario=checkout").body)["data"];
  EXPECT_EQ(data["profile"], "smoke");  // the newest of all checkout verdicts
}

TEST_F(VerdictApiTest, UnknownScenarioIs404) {
  EXPECT_EQ(get("/api/v1/verdict?scenario=nope&profile=stress").status, 404);
  EXPECT_EQ(get("/api/v1/verdict?scenario=checkout&profile=soak").status, 404);
  EXPECT_EQ(get("/api/v1/verdict").status, 400);
  EXPECT_EQ(get("/nothing").status, 404);
}

TEST_F(VerdictApiTest, FlaggerGates) {
  EXPECT_EQ(get("/gate/check?scenario=checkout&profile=stress").status, 200);
  EXPECT_EQ(get("/gate/check?scenario=search&profile=stress").status, 403);
  EXPECT_EQ(get("/rollback/check?scenario=search&profile=stress").status, 200);
  EXPECT_EQ(get("/rollback/check?scenario=checkout&profile=stress").status, 403);
  EXPECT_EQ(get("/gate/check?scenario=nope").status, 404);
}

TEST_F(VerdictApiTest, FlaggerPostCarriesNamesInMetadata) {
  std::string hook = R"({"name":"podinfo","namespace":"test","phase":"Progressing",
                         "metadata":{"scenario":"search","profile":"stress"}})";
  EXPECT_EQ(post("/gate/check", hook).status, 403);
  EXPECT_EQ(post("/rollback/check", hook).status, 200);
  EXPECT_EQ(post("/gate/check", "not json").status, 400);
  EXPECT_EQ(post("/api/v1/verdict?scenario=search", "").status, 405);
}

TEST_F(VerdictApiTest, TokenIsRequiredWhenConfigured) {
  const std::string target = "/api/v1/verdict?scenario=checkout&profile=stress";
  EXPECT_EQ(get(target, "s3cret").status, 401);
  EXPECT_EQ(get(target, "s3cret", "Bearer wrong").status, 401);
  EXPECT_EQ(get(target, "s3cret", "Bearer s3cre").status, 401);
  EXPECT_EQ(get(target, "s3cret", "s3cret").status, 401);
  EXPECT_EQ(get(target, "s3cret", "Bearer s3cret").status, 200);
  EXPECT_EQ(get("/healthz", "s3cret").status, 200);
  std::string hook = R"({"metadata":{"scenario":"search","profile":"stress","token":"s3cret"}})";
  EXPECT_EQ(post("/rollback/check", hook, "s3cret").status, 200);
  EXPECT_EQ(
      post("/rollback/check", R"({"metadata":{"scenario":"search","token":"x"}})", "s3cret").status,
      401);
}

TEST_F(VerdictApiTest, NamesNeverBecomePaths) {
  // A verdict file outside the served directory, reachable only by traversal.
  std::filesystem::path outside = m_dir.path().parent_path() / "perfgate-outside-verdict.json";
  ASSERT_TRUE(
      stats::write_verdict_file(outside.string(),
                                verdict_for("outside", "x", "2026-01-01T00:00:00Z", Status::fail))
          .ok());
  EXPECT_EQ(get("/api/v1/verdict?scenario=../perfgate-outside-verdict").status, 404);
  EXPECT_EQ(get("/api/v1/verdict?scenario=outside").status, 404);
  EXPECT_EQ(get("/api/v1/verdict/../../perfgate-outside-verdict.json").status, 404);
  EXPECT_EQ(get("/api/v1/verdict?scenario=%2e%2e%2fnew").status, 404);
  std::filesystem::remove(outside);
}

TEST_F(VerdictApiTest, SkipsLinksNonVerdictsAndOtherExtensions) {
  {
    std::ofstream(m_dir.file("garbage.json")) << "{not json";
    std::ofstream(m_dir.file("notes.txt")) << "hello";
  }
  test::TempDir other;
  write_verdict(other, "linked.json",
                verdict_for("linked", "x", "2026-01-01T00:00:00Z", Status::pass));
  std::filesystem::create_symlink(other.file("linked.json"), m_dir.file("link.json"));
  EXPECT_EQ(get("/api/v1/verdict?scenario=linked").status, 404);
  EXPECT_EQ(get("/api/v1/verdict?scenario=checkout&profile=stress").status, 200);
}

TEST_F(VerdictApiTest, RejectsOverlongOrControlCharacterNames) {
  EXPECT_EQ(get("/api/v1/verdict?scenario=" + std::string(201, 'a')).status, 400);
  EXPECT_EQ(get("/api/v1/verdict?scenario=a%0Ab").status, 400);
}

}  // namespace
}  // namespace perfgate::webhook

// SPDX-License-Identifier: MIT
#include "perfgate/live/sink.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace perfgate::live {
namespace {

using namespace std::chrono_literals;

// The far side of a sink, scripted: answers the statuses given in turn (then 204), or hangs
// each request until its timeout ends it.
struct Script {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<int> statuses;
  bool hang = false;
  std::vector<net::HttpRequest> requests;
};

class ScriptedClient final : public net::HttpClient {
 public:
  explicit ScriptedClient(std::shared_ptr<Script> script) : m_script(std::move(script)) {}
  Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    std::unique_lock lock(m_script->mutex);
    m_script->requests.push_back(request);
    m_script->changed.notify_all();
    if (m_script->hang) {
      m_script->changed.wait_for(lock, request.timeout, [this] { return !m_script->hang; });
      return Error::runtime("POST http://127.0.0.1:1: Timeout was reached");
    }
    net::HttpResponse response;
    response.status = 204;
    if (!m_script->statuses.empty()) {
      response.status = m_script->statuses.front();
      m_script->statuses.pop_front();
    }
    return response;
  }

 private:
  std::shared_ptr<Script> m_script;
};

SinkTarget target() {
  SinkTarget target;
  target.kind = SinkKind::influxdb;
  target.url = "http://127.0.0.1:1/write?db=test&precision=ms";
  target.display = "influxdb=http://127.0.0.1:1";
  return target;
}

SinkOptions fast_options() {
  SinkOptions options;
  options.retry.initial_backoff = 1ms;
  options.retry.max_backoff = 1ms;
  options.request_timeout = 200ms;
  return options;
}

std::vector<Point> window(int64_t second) {
  Point point;
  point.time = std::chrono::milliseconds{second * 1000};
  point.add_integer("requests", second);
  return {point, point};
}

auto soon() {
  return std::chrono::steady_clock::now() + 30s;
}

TEST(SinkTest, DeliversEveryWindowInBatches) {
  auto script = std::make_shared<Script>();
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  for (int64_t s = 0; s < 5; ++s) sink.push(window(s));
  sink.close(soon());
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_sent, 5);
  EXPECT_EQ(report.points_sent, 10);
  EXPECT_EQ(report.windows_dropped, 0);
  std::string bodies;
  for (const auto& request : script->requests) bodies += request.body;
  EXPECT_EQ(std::count(bodies.begin(), bodies.end(), '\n'), 10);
  EXPECT_LE(script->requests.size(), 5u);
}

TEST(SinkTest, RetriesAServerErrorThenDelivers) {
  auto script = std::make_shared<Script>();
  script->statuses = {500, 503};
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  sink.push(window(1));
  sink.close(soon());
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_sent, 1);
  EXPECT_EQ(script->requests.size(), 3u);
}

TEST(SinkTest, DropsABatchThatKeepsFailingAndSaysWhy) {
  auto script = std::make_shared<Script>();
  script->statuses = {500, 500, 500, 500};
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  sink.push(window(1));
  sink.close(soon());
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_dropped, 1);
  EXPECT_EQ(report.points_dropped, 2);
  EXPECT_EQ(report.last_error, "HTTP 500");
}

TEST(SinkTest, ARejectedBatchIsNotRetried) {
  auto script = std::make_shared<Script>();
  script->statuses = {400};
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  sink.push(window(1));
  sink.close(soon());
  EXPECT_EQ(sink.join().windows_dropped, 1);
  EXPECT_EQ(script->requests.size(), 1u);
}

TEST(SinkTest, AHangingSinkNeverBlocksPushAndDropsTheOldestWhenFull) {
  auto script = std::make_shared<Script>();
  script->hang = true;
  SinkOptions options = fast_options();
  options.queue_windows = 4;
  options.retry.max_attempts = 1;
  Sink sink(target(), options, std::make_unique<ScriptedClient>(script));
  sink.push(window(0));
  {
    std::unique_lock lock(script->mutex);
    ASSERT_TRUE(script->changed.wait_for(lock, 30s, [&] { return !script->requests.empty(); }));
  }
  for (int64_t s = 1; s <= 10; ++s) sink.push(window(s));  // 4 fit, 6 are dropped at once
  sink.close(std::chrono::steady_clock::now());
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_sent, 0);
  EXPECT_EQ(report.windows_dropped, 11);
  EXPECT_EQ(report.points_dropped, 22);
  EXPECT_EQ(script->requests.size(), 1u);
}

TEST(SinkTest, AnnotationsAreSentButNotCountedAsWindows) {
  auto script = std::make_shared<Script>();
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  sink.push(window(1));
  sink.push({window(2)[0]}, Entry::extra);
  sink.close(soon());
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_sent, 1);
  EXPECT_EQ(report.points_sent, 3);
}

TEST(SinkTest, PointsPushedAfterCloseAreIgnored) {
  auto script = std::make_shared<Script>();
  Sink sink(target(), fast_options(), std::make_unique<ScriptedClient>(script));
  sink.close(soon());
  sink.push(window(1));
  SinkReport report = sink.join();
  EXPECT_EQ(report.windows_sent + report.windows_dropped, 0);
}

}  // namespace
}  // namespace perfgate::live

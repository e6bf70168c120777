// SPDX-License-Identifier: MIT
#include "perfgate/live/sink_target.h"

#include <gtest/gtest.h>

#include <map>

namespace perfgate::live {
namespace {

ci::EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

const std::string* header(const SinkTarget& target, const std::string& name) {
  for (const auto& [key, value] : target.headers)
    if (key == name) return &value;
  return nullptr;
}

TEST(SinkTargetTest, InfluxDb1WritesMillisecondsToTheNamedDatabase) {
  auto target = parse_sink_target("influxdb=http://127.0.0.1:8086/write?db=perf", env_of({}));
  ASSERT_TRUE(target) << target.error().describe();
  EXPECT_EQ(target->kind, SinkKind::influxdb);
  EXPECT_EQ(target->url, "http://127.0.0.1:8086/write?db=perf&precision=ms");
  EXPECT_EQ(header(*target, "Authorization"), nullptr);
}

TEST(SinkTargetTest, InfluxDb1WithoutADatabaseIsBadInput) {
  auto target = parse_sink_target("influxdb=http://127.0.0.1:8086/write", env_of({}));
  ASSERT_FALSE(target);
  EXPECT_EQ(target.error().kind, ErrorKind::bad_input);
}

TEST(SinkTargetTest, InfluxDb2TakesOrgBucketAndTokenFromTheEnvironment) {
  auto target = parse_sink_target("influxdb=http://127.0.0.1:8086/api/v2/write",
                                  env_of({{"PERFGATE_INFLUXDB_ORG", "my org"},
                                          {"PERFGATE_INFLUXDB_BUCKET", "perf"},
                                          {"PERFGATE_INFLUXDB_TOKEN", "s3cret"}}));
  ASSERT_TRUE(target) << target.error().describe();
  EXPECT_EQ(target->url,
            "http://127.0.0.1:8086/api/v2/write?org=my%20org&bucket=perf&precision=ms");
  ASSERT_NE(header(*target, "Authorization"), nullptr);
  EXPECT_EQ(*header(*target, "Authorization"), "Token s3cret");
}

TEST(SinkTargetTest, InfluxDb2WithoutABucketNamesTheVariable) {
  auto target = parse_sink_target("influxdb=http://127.0.0.1:8086/api/v2/write",
                                  env_of({{"PERFGATE_INFLUXDB_ORG", "o"}}));
  ASSERT_FALSE(target);
  EXPECT_NE(target.error().message.find("PERFGATE_INFLUXDB_BUCKET"), std::string::npos);
}

TEST(SinkTargetTest, PrometheusSendsSnappyProtobufWithBearerToken) {
  auto target = parse_sink_target("prometheus=http://127.0.0.1:9090/api/v1/write",
                                  env_of({{"PERFGATE_PROMETHEUS_TOKEN", "s3cret"}}));
  ASSERT_TRUE(target) << target.error().describe();
  EXPECT_EQ(*header(*target, "Content-Encoding"), "snappy");
  EXPECT_EQ(*header(*target, "X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_EQ(*header(*target, "Authorization"), "Bearer s3cret");
}

TEST(SinkTargetTest, InfluxDb1UsernameAndPasswordBecomeBasicAuth) {
  auto target = parse_sink_target(
      "influxdb=http://127.0.0.1:8086/write?db=perf",
      env_of({{"PERFGATE_INFLUXDB_USERNAME", "me"}, {"PERFGATE_INFLUXDB_PASSWORD", "pw"}}));
  ASSERT_TRUE(target);
  EXPECT_EQ(*header(*target, "Authorization"), "Basic bWU6cHc=");
  EXPECT_EQ(target->url.find("pw"), std::string::npos);
}

TEST(SinkTargetTest, DisplayShowsKindAndOriginOnly) {
  auto target = parse_sink_target("influxdb=http://127.0.0.1:8086/write?db=perf&u=me&p=secret",
                                  env_of({{"PERFGATE_INFLUXDB_PASSWORD", "pw"}}));
  ASSERT_TRUE(target);
  EXPECT_EQ(target->display, "influxdb=http://127.0.0.1:8086");
}

TEST(SinkTargetTest, UnknownKindAndNonHttpUrlsAreBadInput) {
  EXPECT_FALSE(parse_sink_target("graphite=http://127.0.0.1:2003", env_of({})));
  EXPECT_FALSE(parse_sink_target("prometheus=ftp://127.0.0.1/", env_of({})));
  EXPECT_FALSE(parse_sink_target("http://127.0.0.1:9090", env_of({})));
}

TEST(SinkTargetTest, AUrlSettingItsOwnPrecisionIsBadInput) {
  EXPECT_FALSE(
      parse_sink_target("influxdb=http://127.0.0.1:8086/write?db=p&precision=s", env_of({})));
}

}  // namespace
}  // namespace perfgate::live

// SPDX-License-Identifier: MIT
// send_with_retries: exponential backoff with jitter, Retry-After, and a bound on attempts and
// on the whole exchange's time, so that a CI job always ends.
#include <algorithm>
#include <random>
#include <thread>

#include "perfgate/net/http_client.h"
#include "perfgate/net/retry_after.h"

namespace perfgate::net {
namespace {

using std::chrono::milliseconds;

milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
}

// Jitter spreads retries from many jobs hitting the same receiver (the thundering herd).
milliseconds jittered(milliseconds backoff, double jitter) {
  if (jitter <= 0 || backoff.count() <= 0) return backoff;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  return milliseconds{static_cast<long long>(static_cast<double>(backoff.count()) * factor(rng))};
}

milliseconds next_backoff(milliseconds backoff, const RetryPolicy& policy) {
  double next = static_cast<double>(backoff.count()) * std::max(1.0, policy.backoff_multiplier);
  return std::min(milliseconds{static_cast<long long>(next)}, policy.max_backoff);
}

Attempt describe(int number, const Result<HttpResponse>& outcome, milliseconds elapsed) {
  Attempt attempt;
  attempt.number = number;
  attempt.elapsed = elapsed;
  if (outcome.ok()) {
    attempt.status = outcome->status;
  } else {
    attempt.error = outcome.error().message;
  }
  return attempt;
}

}  // namespace

RetryDecision default_retry_decision(const Result<HttpResponse>& outcome) {
  if (!outcome.ok()) {
    // A malformed URL fails the same way every time; the network may recover.
    return {outcome.error().kind == ErrorKind::runtime, std::nullopt};
  }
  int status = outcome->status;
  if (status != 429 && (status < 500 || status > 599)) return {};
  RetryDecision decision{true, std::nullopt};
  if (const std::string* retry_after = outcome->header("retry-after")) {
    decision.wait = parse_retry_after(*retry_after, std::chrono::system_clock::now());
  }
  return decision;
}

Sleeper real_sleeper() {
  return [](milliseconds duration) { std::this_thread::sleep_for(duration); };
}

RetriedResponse send_with_retries(HttpClient& client, const HttpRequest& request,
                                  const RetryPolicy& policy, const RetryClassifier& classify,
                                  const Sleeper& sleep) {
  // Time spent = real time in requests + the waits asked of the sleeper; counting the waits
  // (rather than reading the clock around them) keeps the bound exact under a fake sleeper.
  milliseconds spent{0};
  milliseconds backoff = policy.initial_backoff;
  RetriedResponse result{Error::runtime("no attempt was made"), {}};
  int max_attempts = std::max(1, policy.max_attempts);
  for (int number = 1; number <= max_attempts; ++number) {
    HttpRequest attempt_request = request;
    milliseconds remaining = policy.max_total - spent;
    if (number > 1 && remaining <= milliseconds{0}) break;
    attempt_request.timeout = std::max(milliseconds{1}, std::min(request.timeout, remaining));
    auto start = std::chrono::steady_clock::now();
    result.final_outcome = client.send(attempt_request);
    milliseconds elapsed = since(start);
    spent += elapsed;
    result.attempts.push_back(describe(number, result.final_outcome, elapsed));
    RetryDecision decision = classify(result.final_outcome);
    if (!decision.retry || number == max_attempts) break;
    milliseconds wait = decision.wait ? *decision.wait : jittered(backoff, policy.jitter);
    backoff = next_backoff(backoff, policy);
    // Waiting past the bound only to be cut off would waste the job's time: stop now.
    if (spent + wait >= policy.max_total) break;
    result.attempts.back().wait_before_next = wait;
    sleep(wait);
    spent += wait;
  }
  return result;
}

}  // namespace perfgate::net

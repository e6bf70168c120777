// SPDX-License-Identifier: MIT
// The libcurl transport: a CurlLoop and one RequestSlot (easy handle) per slot.
#include <cstdint>
#include <memory>
#include <vector>

#include "perfgate/engine/curl_loop.h"
#include "perfgate/engine/request_slot.h"
#include "perfgate/engine/transport.h"

namespace perfgate::engine {
namespace {

class CurlTransport final : public Transport {
 public:
  CurlTransport(const RunPlan& plan, std::unique_ptr<CurlLoop> loop)
      : m_plan(plan), m_loop(std::move(loop)) {}

  ~CurlTransport() override {
    // Handles still in the multi handle must leave it before either is cleaned up.
    for (size_t slot = 0; slot < m_slots.size(); ++slot) {
      if (m_in_flight[slot]) m_loop->remove(m_slots[slot]->easy());
    }
    m_slots.clear();
  }

  Rendered prepare(size_t slot, const StepPlan& step,
                   const scenario::RenderContext& context) override {
    return slot_at(slot).prepare(step, context);
  }

  void start(size_t slot, Nanos /*now*/) override {
    m_in_flight[slot] = true;
    m_loop->add(m_slots[slot]->easy());
  }

  void abandon(size_t slot) override {
    if (!m_in_flight[slot]) return;
    m_loop->remove(m_slots[slot]->easy());
    m_in_flight[slot] = false;
  }

  void run_timers(Nanos now) override { m_loop->run_timers(now); }
  void wait(Nanos now, Nanos deadline) override { m_loop->wait(now, deadline); }

  bool next_finished(size_t& slot) override {
    bool found = false;
    // Reads one message at a time: the caller may start requests between two.
    m_loop->drain_one([&](CURL* easy, CURLcode code) {
      void* owner = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
      slot = reinterpret_cast<uintptr_t>(owner);
      m_loop->remove(easy);
      m_in_flight[slot] = false;
      m_codes[slot] = code;
      found = true;
    });
    return found;
  }

  Transfer finish(size_t slot) override { return m_slots[slot]->finish(m_codes[slot]); }
  std::string_view body(size_t slot) const override { return m_slots[slot]->body(); }
  std::string_view headers(size_t slot) const override { return m_slots[slot]->headers(); }

 private:
  RequestSlot& slot_at(size_t slot) {
    while (m_slots.size() <= slot) {
      void* owner = reinterpret_cast<void*>(static_cast<uintptr_t>(m_slots.size()));
      m_slots.push_back(std::make_unique<RequestSlot>(m_plan, owner, m_loop.get()));
      m_in_flight.push_back(false);
      m_codes.push_back(CURLE_OK);
    }
    return *m_slots[slot];
  }

  const RunPlan& m_plan;
  std::unique_ptr<CurlLoop> m_loop;
  std::vector<std::unique_ptr<RequestSlot>> m_slots;
  std::vector<bool> m_in_flight;  // in the multi handle
  std::vector<CURLcode> m_codes;  // the result of the slot's last finished transfer
};

}  // namespace

Result<std::unique_ptr<Transport>> make_curl_transport(const RunPlan& plan, long max_connections) {
  auto loop = CurlLoop::create(max_connections);
  if (!loop) return loop.error();
  return std::unique_ptr<Transport>(new CurlTransport(plan, std::move(*loop)));
}

Result<std::unique_ptr<Transport>> make_transport(const RunPlan& plan, long max_connections) {
  if (plan.http_client == HttpClient::native) return make_native_transport(plan);
  return make_curl_transport(plan, max_connections);
}

}  // namespace perfgate::engine

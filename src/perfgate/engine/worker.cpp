// SPDX-License-Identifier: MIT
#include "perfgate/engine/worker.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "perfgate/engine/classify.h"
#include "perfgate/engine/self_monitor.h"
#include "perfgate/scenario/capture.h"
#include "perfgate/scenario/checks.h"
#include "perfgate/scenario/data_file.h"
#include "perfgate/util/clock.h"

namespace perfgate::engine {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

// The loop wakes at least this often to see the stop flag and roll windows.
constexpr Nanos k_max_sleep = std::chrono::milliseconds(50);
// Arrivals handled per loop turn, so that a late loop still serves its sockets.
constexpr int k_max_arrivals_per_turn = 4096;
// A VU whose request was refused before sending waits this long before going on, so that a
// journey that can only render unsafe requests neither recurses nor spins.
constexpr Nanos k_refused_pause = std::chrono::milliseconds(1);
// After a second signal, in-flight requests get at most this long before they count as timeouts.
constexpr Nanos k_hurried_grace = std::chrono::milliseconds(500);

Nanos now_ns() {
  return util::steady_clock().now();
}

int64_t to_us(Nanos duration) {
  return duration.count() / 1000;
}

int64_t per_worker_share(int64_t total, int threads, int index) {
  return total / threads + (index < total % threads ? 1 : 0);
}

// Nothing came back to look at (refused, abandoned): every check of the step fails.
void fail_every_check(RequestSample& sample, const StepPlan& step) {
  if (!step.has_checks) return;
  sample.checked = RequestSample::Checked::failed;
  sample.check_slots = &step.check_slots;
  sample.failed_checks = scenario::all_checks_mask(step.check_slots.size());
}

}  // namespace

struct Worker::Vu {
  explicit Vu(size_t local_index) : local(local_index) {}
  VuVariables variables;
  size_t local;  // also the VU's request slot in the transport
  int journey = 0;
  size_t step = 0;
  int64_t number = 0;      // 1-based, {{ vu }}
  int64_t iteration = -1;  // {{ iteration }}
  Phase phase = Phase::idle;
  bool wanted = false;  // closed: the ramp wants this VU running
  bool in_iteration = false;
  Nanos scheduled{0};  // when the iteration was due (open: its arrival time)
  Nanos request_start{0};
};

Worker::Worker(const RunPlan& plan, RunControl& control, int index)
    : m_plan(plan),
      m_control(control),
      m_index(index),
      m_threads(plan.threads),
      m_lane(worker_lane(plan.shard, index, plan.threads)),
      m_open(plan.profile.model == scenario::LoadModel::open),
      m_metrics(plan.endpoints.size(), std::chrono::seconds(1), &control.board, index),
      m_rng(0x5eed'0000ULL + static_cast<uint64_t>(m_lane.index)) {
  m_metrics.set_check_names(plan.check_names);
  if (plan.max_requests) m_request_quota = per_worker_share(*plan.max_requests, m_threads, index);
  if (m_open) {
    m_schedule.emplace(plan.profile);
    std::vector<double> weights;
    for (const JourneyPlan& journey : plan.journeys) weights.push_back(journey.journey->weight);
    m_picker.emplace(std::move(weights));
    m_slot_cap = static_cast<size_t>(per_worker_share(plan.peak_vus, m_threads, index));
    m_next_arrival = lane_arrival(m_lane, 0);
    auto first = m_schedule->time_of(m_next_arrival);
    m_next_arrival_at = first ? control.start + *first : Nanos::max();
  }
}

Worker::~Worker() = default;

Worker::Vu& Worker::vu_at(size_t local) {
  while (m_vus.size() <= local) {
    size_t k = m_vus.size();
    auto vu = std::make_unique<Vu>(k);
    int64_t global = m_lane.index + static_cast<int64_t>(k) * m_lane.count;
    vu->number = global + 1;
    if (!m_open) vu->journey = m_plan.vu_journey[static_cast<size_t>(global)];
    m_vus.push_back(std::move(vu));
  }
  return *m_vus[local];
}

int64_t Worker::window_of(Nanos time) const {
  Nanos since = time - m_control.measure_start;
  if (since < Nanos(0)) return -1;
  return since.count() / 1'000'000'000;
}

void Worker::note_active(Nanos now) {
  int64_t window = window_of(now);
  if (window >= 0) m_metrics.active_vus(window, m_open ? m_busy : m_wanted);
}

void Worker::run() {
  int64_t cpu_start = thread_cpu_us();
  Nanos wall_start = now_ns();
  int64_t max_slots = m_open ? static_cast<int64_t>(m_slot_cap)
                             : lane_share(m_plan.total_vus, m_lane.index, m_lane.count);
  auto transport = make_transport(m_plan, static_cast<long>(max_slots));
  if (!transport) {
    m_output.status = transport.error();
    return;
  }
  m_transport = std::move(*transport);
  // Bounded: every turn either makes progress or sleeps until a deadline, and the run ends at
  // end + graceful_stop at the latest (abandon_in_flight).
  while (true) {
    Nanos now = now_ns();
    tick(now);
    if (m_stopping && m_busy == 0) break;
    if (now >= m_grace_deadline) {
      abandon_in_flight(now);
      break;
    }
    m_transport->run_timers(now);
    drain_finished();
    now = now_ns();
    m_transport->wait(now, next_deadline(now));
    drain_finished();
  }
  m_output.metrics = m_metrics.finish(m_plan.endpoints);
  m_output.metrics.dropped_iterations += static_cast<int64_t>(m_backlog.size());
  m_backlog.clear();
  m_output.cpu_us = thread_cpu_us() - cpu_start;
  m_output.wall_us = to_us(now_ns() - wall_start);
}

void Worker::tick(Nanos now) {
  int64_t window = window_of(now);
  if (window >= 0) m_metrics.roll_to(window);
  if (!m_stopping) {
    bool stop_asked = m_control.stop.load(std::memory_order_relaxed) || !may_start_request();
    // Arrivals due before the end start even when the loop woke after it (a busy machine): their
    // latency counts from when they were due. Stopping first left them neither run nor dropped
    // (an open run of 200 arrivals reported 199).
    if (m_open && !stop_asked) {
      issue_arrivals(now);
      // At the end, every arrival due before it: started, or dropped with the backlog.
      while (now >= m_control.end && m_next_arrival_at < m_control.end) issue_arrivals(now);
    }
    if (now >= m_control.end || stop_asked) {
      begin_stop(now);
    } else if (!m_open) {
      adjust_vus(now);
    }
  }
  if (m_stopping && m_control.hurry.load(std::memory_order_relaxed))
    m_grace_deadline = std::min(m_grace_deadline, now + k_hurried_grace);
  if (!m_backlog.empty()) expire_backlog(now);
  fire_timers(now);
}

Nanos Worker::next_deadline(Nanos now) const {
  Nanos deadline = now + k_max_sleep;
  if (!m_timers.empty()) deadline = std::min(deadline, m_timers.front().first);
  if (!m_stopping) {
    deadline = std::min(deadline, m_control.end);
    if (m_open) deadline = std::min(deadline, m_next_arrival_at);
  } else {
    deadline = std::min(deadline, m_grace_deadline);
  }
  return deadline;
}

void Worker::begin_stop(Nanos now) {
  m_stopping = true;
  m_grace_deadline = std::max(now, m_control.end) + m_control.graceful_stop;
  if (m_control.stop.load(std::memory_order_relaxed))
    m_grace_deadline = now + m_control.graceful_stop;
  // Arrivals that never got a slot cannot start any more.
  for (const Pending& pending : m_backlog)
    m_metrics.iteration_dropped(window_of(pending.scheduled));
  m_backlog.clear();
}

void Worker::adjust_vus(Nanos now) {
  auto elapsed = duration_cast<microseconds>(now - m_control.start);
  int64_t mine = lane_vus_at(m_plan.profile, elapsed, m_plan.total_vus, m_lane);
  if (mine == m_wanted) return;
  for (int64_t k = mine; k < m_wanted; ++k) vu_at(static_cast<size_t>(k)).wanted = false;
  for (int64_t k = m_wanted; k < mine; ++k) {
    Vu& vu = vu_at(static_cast<size_t>(k));
    vu.wanted = true;
    if (!vu.in_iteration && vu.phase == Phase::idle) start_iteration(vu, now, now);
  }
  m_wanted = mine;
  note_active(now);
}

void Worker::issue_arrivals(Nanos now) {
  for (int turn = 0; turn < k_max_arrivals_per_turn && m_next_arrival_at <= now &&
                     m_next_arrival_at < m_control.end;
       ++turn) {
    Nanos due = m_next_arrival_at;
    int journey = m_picker->next();
    m_next_arrival += m_lane.count;
    auto next = m_schedule->time_of(m_next_arrival);
    m_next_arrival_at = next ? m_control.start + *next : Nanos::max();
    if (!m_free_slots.empty() || m_vus.size() < m_slot_cap) {
      size_t local = m_vus.size();
      if (!m_free_slots.empty()) {
        local = m_free_slots.back();
        m_free_slots.pop_back();
      }
      Vu& vu = vu_at(local);
      vu.journey = journey;
      m_output.loop_lag_us.record(std::max<int64_t>(0, to_us(now - due)));
      start_iteration(vu, now, due);
    } else {
      m_backlog.push_back(Pending{due, journey});
    }
  }
}

void Worker::expire_backlog(Nanos now) {
  // An arrival that could not start within its first request's timeout is dropped: by then the
  // request would have failed anyway, and the backlog stays bounded.
  while (!m_backlog.empty()) {
    const Pending& front = m_backlog.front();
    auto timeout = m_plan.journeys[static_cast<size_t>(front.journey)].steps[0].step->timeout;
    if (now - front.scheduled <= Nanos(timeout)) break;
    m_metrics.iteration_dropped(window_of(front.scheduled));
    m_backlog.pop_front();
  }
}

void Worker::fire_timers(Nanos now) {
  auto later = std::greater<>();
  while (!m_timers.empty() && m_timers.front().first <= now) {
    std::pop_heap(m_timers.begin(), m_timers.end(), later);
    auto [due, local] = m_timers.back();
    m_timers.pop_back();
    m_output.loop_lag_us.record(std::max<int64_t>(0, to_us(now - due)));
    Vu& vu = *m_vus[local];
    vu.phase = Phase::idle;
    continue_vu(vu, now);
  }
}

void Worker::start_iteration(Vu& vu, Nanos now, Nanos scheduled) {
  const JourneyPlan& journey = m_plan.journeys[static_cast<size_t>(vu.journey)];
  vu.in_iteration = true;
  vu.step = 0;
  ++vu.iteration;
  vu.scheduled = scheduled;
  ++m_busy;
  if (journey.data != nullptr && !journey.data->rows.empty()) {
    uint64_t sequence =
        m_data_sequence++ * static_cast<uint64_t>(m_threads) + static_cast<uint64_t>(m_index);
    size_t row = scenario::pick_data_row(*journey.data, sequence, m_rng);
    vu.variables.set_row(journey.data, &journey.data->rows[row]);
  }
  int64_t window = window_of(scheduled);
  if (window >= 0) m_metrics.iteration_started(window);
  if (m_open) note_active(now);
  start_request(vu, now);
}

void Worker::start_request(Vu& vu, Nanos now) {
  const StepPlan& step = m_plan.journeys[static_cast<size_t>(vu.journey)].steps[vu.step];
  scenario::RenderContext context{&vu.variables, vu.number, vu.iteration, &m_rng};
  if (m_transport->prepare(vu.local, step, context) == Rendered::unsafe) {
    refuse_request(vu, now);
    return;
  }
  vu.phase = Phase::requesting;
  vu.request_start = now;
  ++m_in_flight;
  ++m_requests_started;
  m_transport->start(vu.local, now);
}

void Worker::drain_finished() {
  size_t slot = 0;
  while (m_transport->next_finished(slot)) on_done(*m_vus[slot]);
}

void Worker::on_done(Vu& vu) {
  Nanos now = now_ns();
  --m_in_flight;
  const StepPlan& step = m_plan.journeys[static_cast<size_t>(vu.journey)].steps[vu.step];
  Transfer transfer = m_transport->finish(vu.local);
  // Open model: the first request of an iteration is timed from when it was due (wrk2).
  Nanos from = (m_open && vu.step == 0) ? vu.scheduled : vu.request_start;
  RequestSample sample;
  sample.endpoint = step.endpoint;
  sample.status = transfer.status;
  sample.latency_us = to_us(now - from);
  sample.uncorrected_us = to_us(now - vu.request_start);
  sample.bytes_sent = transfer.bytes_sent;
  sample.bytes_received = transfer.bytes_received;
  sample.phases = &transfer.phases;
  sample.error = transport_error(transfer.failure, transfer.status);
  const scenario::Step& spec = *step.step;
  if (!sample.error) {
    scenario::ResponseView view{transfer.status, m_transport->body(vu.local),
                                m_transport->headers(vu.local), microseconds(sample.latency_us)};
    if (!spec.captures.empty()) {
      scenario::extract_all(spec.captures, view, m_captured);
      for (size_t i = 0; i < spec.captures.size(); ++i) {
        if (m_captured[i]) vu.variables.set(spec.captures[i].variable, *m_captured[i]);
      }
    }
    // Every check is evaluated, so that each one's ✓/✗ count is right (k6's shape).
    if (step.has_checks) sample.failed_checks = scenario::failed_check_mask(spec.checks, view);
    if (scenario::is_http_error(spec.checks, transfer.status)) {
      sample.error =
          transfer.status >= 500 ? metrics::ErrorKind::http_5xx : metrics::ErrorKind::http_4xx;
    } else if (sample.failed_checks != 0) {
      sample.error = metrics::ErrorKind::check;
    }
  } else {
    sample.failed_checks = scenario::all_checks_mask(step.check_slots.size());  // no response
  }
  if (step.has_checks) {
    sample.checked = sample.error ? RequestSample::Checked::failed : RequestSample::Checked::passed;
    sample.check_slots = &step.check_slots;
  }
  int64_t window = window_of(from);
  if (window >= 0) m_metrics.record(window_of(now), sample);
  after_request(vu, now);
}

void Worker::refuse_request(Vu& vu, Nanos now) {
  // Counted like a request (so that it shows and fails the gate) but nothing reached the wire.
  ++m_requests_started;
  const StepPlan& step = m_plan.journeys[static_cast<size_t>(vu.journey)].steps[vu.step];
  Nanos from = (m_open && vu.step == 0) ? vu.scheduled : now;
  RequestSample sample;
  sample.endpoint = step.endpoint;
  sample.error = metrics::ErrorKind::request;
  sample.latency_us = to_us(now - from);
  fail_every_check(sample, step);
  if (window_of(from) >= 0) m_metrics.record(window_of(now), sample);
  after_request(vu, now, k_refused_pause);
}

void Worker::after_request(Vu& vu, Nanos now, Nanos min_pause) {
  const JourneyPlan& journey = m_plan.journeys[static_cast<size_t>(vu.journey)];
  Nanos think = std::max<Nanos>(Nanos(journey.steps[vu.step].step->think), min_pause);
  ++vu.step;
  bool last = vu.step == journey.steps.size();
  if (last) {
    if (window_of(vu.scheduled) >= 0) m_metrics.iteration_completed();
    end_iteration(vu, now);
    if (m_open) return;  // the next iteration is another arrival: no pause after the last step
  }
  if (think.count() > 0) {
    vu.phase = Phase::thinking;
    m_timers.emplace_back(now + think, vu.local);
    std::push_heap(m_timers.begin(), m_timers.end(), std::greater<>());
    return;
  }
  vu.phase = Phase::idle;
  continue_vu(vu, now);
}

void Worker::continue_vu(Vu& vu, Nanos now) {
  if (vu.in_iteration) {
    if (may_start_request()) {
      start_request(vu, now);
    } else {
      end_iteration(vu, now);  // the request budget ran out mid-iteration
    }
    return;
  }
  if (!m_open && vu.wanted && !m_stopping && may_start_request()) start_iteration(vu, now, now);
}

void Worker::end_iteration(Vu& vu, Nanos now) {
  vu.in_iteration = false;
  vu.phase = Phase::idle;
  --m_busy;
  if (m_open) release_slot(vu, now);
}

void Worker::release_slot(Vu& vu, Nanos now) {
  expire_backlog(now);
  if (!m_backlog.empty() && !m_stopping) {
    Pending pending = m_backlog.front();
    m_backlog.pop_front();
    vu.journey = pending.journey;
    start_iteration(vu, now, pending.scheduled);
    return;
  }
  m_free_slots.push_back(vu.local);
  note_active(now);
}

void Worker::abandon_in_flight(Nanos now) {
  // The grace period is over: what is still in flight is counted as timed out, so that every
  // request the server may have seen is in the results.
  for (auto& owned : m_vus) {
    Vu& vu = *owned;
    if (vu.phase != Phase::requesting) continue;
    m_transport->abandon(vu.local);
    --m_in_flight;
    ++m_output.abandoned;
    const StepPlan& step = m_plan.journeys[static_cast<size_t>(vu.journey)].steps[vu.step];
    Nanos from = (m_open && vu.step == 0) ? vu.scheduled : vu.request_start;
    RequestSample sample;
    sample.endpoint = step.endpoint;
    sample.error = metrics::ErrorKind::timeout;
    sample.latency_us = to_us(now - from);
    sample.uncorrected_us = to_us(now - vu.request_start);
    fail_every_check(sample, step);
    int64_t window = window_of(from);
    if (window >= 0) m_metrics.record(window_of(now), sample);
    vu.phase = Phase::idle;
    vu.in_iteration = false;
  }
  m_busy = 0;
}

}  // namespace perfgate::engine

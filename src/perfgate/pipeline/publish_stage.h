// SPDX-License-Identifier: MIT
// The gate's publish stage: the verdict on GitHub (sticky comment, regression issue, check run or
// status), the rollback webhook, and the step outputs.
#pragma once

#include "perfgate/net/http_client.h"
#include "perfgate/pipeline/gate_run.h"

namespace perfgate::pipeline {

// Publishes through `http`; failures are recorded in run.published (and warned about), never
// thrown: a publishing failure never hides the verdict.
void publish(GateRun& run, net::HttpClient& http);

// Sends the signed rollback webhook when one is configured and the verdict calls for it.
// Throws Fatal for a configuration the webhook cannot be sent with.
void roll_back(const GateRun& run, net::HttpClient& http);

// Writes the step outputs to $GITHUB_OUTPUT; report paths only for files that were written.
void write_outputs(const GateRun& run);

}  // namespace perfgate::pipeline

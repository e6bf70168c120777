// SPDX-License-Identifier: MIT
#include "perfgate/scenario/scenario.h"

#include <algorithm>

namespace perfgate::scenario {

const char* method_name(HttpMethod method) {
  switch (method) {
    case HttpMethod::get:
      return "GET";
    case HttpMethod::post:
      return "POST";
    case HttpMethod::put:
      return "PUT";
    case HttpMethod::patch:
      return "PATCH";
    case HttpMethod::del:
      return "DELETE";
    case HttpMethod::head:
      return "HEAD";
  }
  return "GET";
}

Micros Profile::duration() const {
  Micros total{0};
  for (const Stage& stage : stages) total += stage.duration;
  return total;
}

Profile flat_profile(std::string name, LoadModel model, double target, Micros duration) {
  Profile profile;
  profile.name = std::move(name);
  profile.model = model;
  profile.stages.push_back(Stage{duration, target});
  profile.start_target = target;
  return profile;
}

double profile_target_at(const Profile& profile, Micros elapsed) {
  double from = profile.start_target;
  for (const Stage& stage : profile.stages) {
    if (elapsed < stage.duration) {
      double fraction = static_cast<double>(elapsed.count()) /
                        static_cast<double>(std::max<int64_t>(stage.duration.count(), 1));
      return from + (stage.target - from) * fraction;
    }
    elapsed -= stage.duration;
    from = stage.target;
  }
  return 0;
}

std::vector<std::string> Scenario::endpoint_names() const {
  std::vector<std::string> names;
  for (const UserScenario& journey : scenarios) {
    for (const Step& step : journey.steps) {
      if (std::find(names.begin(), names.end(), step.name) == names.end()) {
        names.push_back(step.name);
      }
    }
  }
  return names;
}

}  // namespace perfgate::scenario

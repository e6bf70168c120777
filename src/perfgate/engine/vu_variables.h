// SPDX-License-Identifier: MIT
// VuVariables: the template variables of one virtual user — its captured values and the data
// row of its current iteration. A handful of names per VU, so a flat vector beats a map.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perfgate/scenario/data_file.h"
#include "perfgate/scenario/template.h"

namespace perfgate::engine {

class VuVariables final : public scenario::VariableSource {
 public:
  const std::string* find(std::string_view name) const override {
    for (const auto& [key, value] : m_captured) {
      if (key == name) return &value;
    }
    if (m_row != nullptr) {
      int column = scenario::data_column_index(*m_data, name);
      if (column >= 0 && static_cast<size_t>(column) < m_row->size()) {
        return &(*m_row)[static_cast<size_t>(column)];
      }
    }
    return nullptr;
  }

  // Sets a captured value; reuses the existing string's capacity.
  void set(std::string_view name, std::string_view value) {
    for (auto& [key, current] : m_captured) {
      if (key == name) {
        current.assign(value);
        return;
      }
    }
    m_captured.emplace_back(std::string(name), std::string(value));
  }

  // The data row of the current iteration (both must outlive the run; nullptr: none).
  void set_row(const scenario::DataFile* data, const std::vector<std::string>* row) {
    m_data = data;
    m_row = row;
  }

 private:
  std::vector<std::pair<std::string, std::string>> m_captured;
  const scenario::DataFile* m_data = nullptr;
  const std::vector<std::string>* m_row = nullptr;
};

}  // namespace perfgate::engine

// SPDX-License-Identifier: MIT
// Number formatting shared by every report, so that Markdown, HTML, JUnit and the console say
// the same number the same way ("412 ms", "+38%", "0.12%", "p = 0.002").
#pragma once

#include <optional>
#include <string>

namespace perfgate::report {

// Milliseconds with a precision that suits the magnitude: "0.42", "4.20", "41.2", "412", "1,234".
std::string format_ms(double ms);
// A relative change (0.38 = +38%): "+38%", "-4.2%", "+0.0%"; one decimal below 10%.
std::string format_change(double relative);
// A ratio as a percentage: 0.0012 -> "0.12%", 0.25 -> "25%".
std::string format_ratio(double ratio);
// Requests per second: "523", "12.5", "1,234".
std::string format_rate(double per_second);
// A count with thousands separators: "1,234,567".
std::string format_count(double count);
// A change of a rate in percentage points: "+0.12 pp", "+1.5 pp", "+100 pp".
std::string format_points(double change_of_ratio);
// "p = 0.002", "p < 0.001", "p = 0.31".
std::string format_p_value(double p);
// The same for a table's p column: "0.002", "<0.001", "0.31".
std::string format_p_column(double p);

// The unit of a metric, from its name (metric_info.h decides which).
enum class Unit { ms, ratio, per_second, count, none };
// A value with its unit: "412 ms", "0.12%", "523 req/s", "12".
std::string format_value(double value, Unit unit);
// The same without the unit suffix (tables whose header names the unit).
std::string format_number(double value, Unit unit);

}  // namespace perfgate::report

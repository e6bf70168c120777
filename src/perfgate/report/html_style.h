// SPDX-License-Identifier: MIT
// The HTML report's stylesheet (internal): GitHub-like typography, light and dark palettes, the
// chart classes svg_chart.cpp and html_charts.cpp use.
#pragma once

namespace perfgate::report {

inline constexpr const char* k_html_style = R"css(
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;
--stripe:#f6f8fa;--code:#eff1f3;--band0:rgba(9,105,218,.06);--band1:rgba(9,105,218,.12);
--p50:#1f77b4;--p95:#d62728;--p99:#7b3fb0;--req:#1f77b4;--err:#d62728;--vus:#2ca02c;--cur:#d62728;
--e0:#1f77b4;--e1:#ff7f0e;--e2:#2ca02c;--e3:#9467bd;--e4:#8c564b;--e5:#e377c2}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--border:#3d444d;--stripe:#151b23;--code:#262c36;--band0:rgba(56,139,253,.08);
--band1:rgba(56,139,253,.16);--p50:#58a6ff;--p95:#ff7b72;--p99:#d2a8ff;--req:#58a6ff;
--err:#ff7b72;--vus:#3fb950;--cur:#ff7b72;--e0:#58a6ff;--e1:#ffa657;--e2:#3fb950;--e3:#d2a8ff;
--e4:#e3b341;--e5:#ff7eb6}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans","DejaVu Sans",
"Liberation Sans",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:16px}
h3{font-size:1.3em;line-height:1.35;margin:.2em 0 .8em;overflow-wrap:anywhere}
h4{font-size:1.05em;margin:1.6em 0 .6em;padding-bottom:.3em;border-bottom:1px solid var(--border)}
a{color:var(--p50)}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;
font-variant-numeric:tabular-nums;margin:0 0 1em}
th,td{border:1px solid var(--border);padding:5px 10px;vertical-align:top}
th{background:var(--stripe);white-space:nowrap}
tr:nth-child(2n) td{background:var(--stripe)}
td[align=right]{white-space:nowrap}
code{font:.88em ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,monospace;
background:var(--code);padding:.1em .35em;border-radius:5px;overflow-wrap:anywhere}
details{margin:0 0 1em}summary{cursor:pointer;color:var(--muted)}
sub,.muted{color:var(--muted)}
ul{padding-left:1.4em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px;
margin:0 0 1em}
figure{margin:0;border:1px solid var(--border);border-radius:8px;padding:8px;overflow-x:auto}
figcaption{color:var(--muted);font-size:.85em;padding:0 4px}
svg.chart{display:block;width:100%;min-width:440px;height:auto}
svg.chart text{fill:var(--fg);font-size:12px;stroke:none}
svg.chart .title{font-size:14px;font-weight:600}
svg.chart .label,svg.chart .band-label{fill:var(--muted)}
svg.chart .band-label{font-size:11px}
svg.chart .grid{stroke:var(--border);stroke-width:1}
svg.chart .frame{fill:none;stroke:var(--border)}
svg.chart .band-0{fill:var(--band0)}svg.chart .band-1{fill:var(--band1)}
svg.chart .line{fill:none;stroke-width:2;stroke-linejoin:round}
svg.chart .base .line,svg.chart path.base{stroke-dasharray:6 4;stroke-width:1.6;opacity:.75}
svg.chart .s-p50{stroke:var(--p50)}svg.chart .s-p95{stroke:var(--p95)}
svg.chart .s-p99{stroke:var(--p99)}svg.chart .s-req{stroke:var(--req)}
svg.chart .s-err{stroke:var(--err)}svg.chart .s-cur{stroke:var(--cur)}
svg.chart .s-cur.base{stroke:var(--muted)}
svg.chart .s-vus{stroke:var(--vus)}
svg.chart path.uncertain{stroke-dasharray:2 3;stroke-width:1.5}
svg.chart circle.marker{fill:var(--bg);stroke-width:1.5}
svg.chart .s-e0{stroke:var(--e0)}svg.chart .s-e1{stroke:var(--e1)}svg.chart .s-e2{stroke:var(--e2)}
svg.chart .s-e3{stroke:var(--e3)}svg.chart .s-e4{stroke:var(--e4)}svg.chart .s-e5{stroke:var(--e5)}
svg.chart path.area{fill:var(--vus);fill-opacity:.14;stroke:var(--vus);stroke-opacity:.5}
@media (max-width:600px){main{padding:10px}body{font-size:14px}th,td{padding:4px 6px}}
)css";

}  // namespace perfgate::report

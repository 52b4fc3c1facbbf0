#pragma once
// In-process metrics in the Prometheus text format: counters and histograms with labels, for
// what only the running process sees (HTTP requests, send and classify latency). What the rows
// can tell (messages, tickets, outbox) is counted from the database at scrape time instead
// (server/routes_metrics.cc). Thread-safe; recording is a map lookup under a mutex, cheap next
// to the work it measures.
//
//   metrics::counter("gridgate_http_requests_total", {{"route", "/api/tickets"}, {"code", "200"}}).inc();
//   metrics::observe("gridgate_send_seconds", {{"channel", "onebot"}}, 0.012);

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gg::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Bucket upper bounds in seconds: 1 ms to 30 s, the range of a classify call to a slow platform.
inline const std::vector<double>& defaultBuckets() {
  static const std::vector<double> b = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                        0.25,  0.5,    1,     2.5,  5,     10,   30};
  return b;
}

class Registry {
 public:
  // Declares a family's help text (shown as # HELP). Families used before their help is
  // declared get none.
  void describe(const std::string& name, const std::string& help);
  // Adds by to the counter name{labels}.
  void add(const std::string& name, const Labels& labels, uint64_t by = 1);
  // Records one observation (seconds) in the histogram name{labels}.
  void observe(const std::string& name, const Labels& labels, double seconds);
  // Returns every family in the text exposition format (version 0.0.4), sorted by name.
  std::string render() const;
  // Returns the counter's value, 0 if it was never added to (tests).
  uint64_t value(const std::string& name, const Labels& labels) const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts are computed at render time
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::string> help_;
  std::map<std::string, std::map<std::string, uint64_t>> counters_;    // name -> label text -> value
  std::map<std::string, std::map<std::string, Histogram>> histograms_;  // name -> label text -> h
};

// The process's registry (as Prometheus clients have a default one).
Registry& registry();

inline void add(const std::string& name, const Labels& labels, uint64_t by = 1) {
  registry().add(name, labels, by);
}
inline void observe(const std::string& name, const Labels& labels, double seconds) {
  registry().observe(name, labels, seconds);
}

// Returns labels as the exposition format writes them: {a="x",b="y"} with \, " and newlines
// escaped; "" for no labels.
std::string labelText(const Labels& labels);

}  // namespace gg::metrics

#include "core/metrics.h"

#include <cstdio>

namespace gg::metrics {
namespace {

std::string escape(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Adds le="bound" to a label text ("{a=\"x\"}" or "").
std::string withLe(const std::string& labels, const std::string& le) {
  const std::string pair = "le=\"" + le + "\"";
  if (labels.empty()) return "{" + pair + "}";
  return labels.substr(0, labels.size() - 1) + "," + pair + "}";
}

}  // namespace

std::string labelText(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + escape(labels[i].second) + "\"";
  }
  return out + "}";
}

void Registry::describe(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  help_[name] = help;
}

void Registry::add(const std::string& name, const Labels& labels, uint64_t by) {
  const std::string key = labelText(labels);
  std::lock_guard<std::mutex> lock(mu_);
  counters_[name][key] += by;
}

void Registry::observe(const std::string& name, const Labels& labels, double seconds) {
  const std::string key = labelText(labels);
  const auto& bounds = defaultBuckets();
  std::lock_guard<std::mutex> lock(mu_);
  Histogram& h = histograms_[name][key];
  if (h.buckets.empty()) h.buckets.assign(bounds.size(), 0);
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (seconds <= bounds[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

uint64_t Registry::value(const std::string& name, const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto f = counters_.find(name);
  if (f == counters_.end()) return 0;
  auto v = f->second.find(labelText(labels));
  return v == f->second.end() ? 0 : v->second;
}

std::string Registry::render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  auto header = [&](const std::string& name, const char* type) {
    if (auto h = help_.find(name); h != help_.end()) out += "# HELP " + name + " " + h->second + "\n";
    out += "# TYPE " + name + " " + type + "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, v] : series) out += name + labels + " " + std::to_string(v) + "\n";
  }
  const auto& bounds = defaultBuckets();
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < bounds.size(); ++i) {
        cumulative += h.buckets[i];
        out += name + "_bucket" + withLe(labels, number(bounds[i])) + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + withLe(labels, "+Inf") + " " + std::to_string(h.count) + "\n";
      out += name + "_sum" + labels + " " + number(h.sum) + "\n";
      out += name + "_count" + labels + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: threads may record during exit
  return *r;
}

}  // namespace gg::metrics

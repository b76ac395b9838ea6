// The edge-list reading the bench's C++ floors share (development only; never part of Sway): "u v" per line, '#' and
// '%' lines skipped, ids renumbered 0..n-1 in order of appearance, and for each person v the distinct u with u -> v,
// self-loops left out, as Sway keeps them: v's are sources[offsets[v] .. offsets[v + 1]), in increasing order.
#pragma once
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <vector>

struct InEdges {
  int n = 0;
  std::vector<int> offsets, sources;
};

// False (with the reason on stderr) when the file cannot be read.
inline bool readInEdges(const char *path, InEdges &graph) {
  std::FILE *file = std::fopen(path, "r");
  if (!file) {
    std::perror(path);
    return false;
  }
  std::unordered_map<long long, int> index;
  std::vector<int> from, to;
  auto id = [&](long long raw) {
    auto found = index.find(raw);
    if (found != index.end()) return found->second;
    const int next = static_cast<int>(index.size());
    index.emplace(raw, next);
    return next;
  };
  char line[4096];
  while (std::fgets(line, sizeof line, file)) {
    if (line[0] == '#' || line[0] == '%') continue;
    char *end;
    const long long u = std::strtoll(line, &end, 10);
    if (end == line) continue;
    const long long v = std::strtoll(end, nullptr, 10);
    from.push_back(id(u));
    to.push_back(id(v));
  }
  std::fclose(file);
  const int n = static_cast<int>(index.size());
  std::vector<int> offsets(n + 1, 0), sources(from.size());
  for (size_t e = 0; e < from.size(); e++) offsets[to[e] + 1]++;
  for (int v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  std::vector<int> cursor(offsets.begin(), offsets.end() - 1);
  for (size_t e = 0; e < from.size(); e++) sources[cursor[to[e]]++] = from[e];
  graph.n = n;
  graph.offsets.assign(n + 1, 0);
  graph.sources.clear();
  for (int v = 0; v < n; v++) {
    int *begin = sources.data() + offsets[v], *finish = sources.data() + offsets[v + 1];
    std::sort(begin, finish);
    int last = -1;
    for (int *p = begin; p < finish; p++) {
      if (*p == last || *p == v) continue;
      last = *p;
      graph.sources.push_back(*p);
    }
    graph.offsets[v + 1] = static_cast<int>(graph.sources.size());
  }
  return true;
}

// The bench's floor for PageRank: a minimal compressed-sparse-row pull PageRank in C++, single-threaded, written for
// Sway's bench (development only; never part of Sway). It reads the same edge-list file as Sway ("u v" per line, '#'
// comments, u -> v read as "u listens to v", the attention graph), builds the CSR of each person's in-edges once, then
// times power iterations: rank'(v) = (1 - d)/n + d (D/n + sum over u -> v of rank(u) / outdeg(u)), D the rank of people
// with no out-edge. Usage: pagerank-floor FILE ITERATIONS [TOLERANCE]. It prints one JSON line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <unordered_map>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: pagerank-floor FILE ITERATIONS [TOLERANCE]\n");
    return 2;
  }
  const int iterations = std::atoi(argv[2]);
  const double tolerance = argc > 3 ? std::atof(argv[3]) : 0.0;
  std::FILE *file = std::fopen(argv[1], "r");
  if (!file) {
    std::perror(argv[1]);
    return 2;
  }
  std::unordered_map<long long, int> index;
  std::vector<int> from, to;
  char line[4096];
  auto id = [&](long long raw) {
    auto found = index.find(raw);
    if (found != index.end()) return found->second;
    int next = static_cast<int>(index.size());
    index.emplace(raw, next);
    return next;
  };
  while (std::fgets(line, sizeof line, file)) {
    if (line[0] == '#' || line[0] == '%') continue;
    char *end;
    long long u = std::strtoll(line, &end, 10);
    if (end == line) continue;
    long long v = std::strtoll(end, nullptr, 10);
    from.push_back(id(u));
    to.push_back(id(v));
  }
  std::fclose(file);
  const int n = static_cast<int>(index.size());
  const size_t m = from.size();
  // Pull CSR: for each v, the u with u -> v; duplicates and self-loops kept out as Sway does.
  std::vector<int> offsets(n + 1, 0), sources(m), outDegree(n, 0);
  for (size_t e = 0; e < m; e++) offsets[to[e] + 1]++;
  for (int v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  std::vector<int> cursor(offsets.begin(), offsets.end() - 1);
  for (size_t e = 0; e < m; e++) sources[cursor[to[e]]++] = from[e];
  size_t kept = 0;
  std::vector<int> keptOffsets(n + 1, 0);
  for (int v = 0; v < n; v++) {
    int *begin = sources.data() + offsets[v], *finish = sources.data() + offsets[v + 1];
    std::sort(begin, finish);
    int last = -1;
    for (int *p = begin; p < finish; p++) {
      if (*p == last || *p == v) continue;
      last = *p;
      sources[kept++] = *p;
      outDegree[*p]++;
    }
    keptOffsets[v + 1] = static_cast<int>(kept);
  }
  const double d = 0.85;
  std::vector<double> rank(n, 1.0 / n), share(n), next(n);
  // Wall time is what the bench compares; thread CPU time tells how much a busy machine stretched it.
  auto cpu = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
  };
  const double cpuStarted = cpu();
  auto started = std::chrono::steady_clock::now();
  int done = 0;
  double residual = 0;
  for (; done < iterations; done++) {
    double dangling = 0;
    for (int u = 0; u < n; u++) {
      if (outDegree[u] == 0) dangling += rank[u], share[u] = 0;
      else share[u] = rank[u] / outDegree[u];
    }
    const double base = (1 - d) / n + d * dangling / n;
    residual = 0;
    for (int v = 0; v < n; v++) {
      double sum = 0;
      for (int k = keptOffsets[v]; k < keptOffsets[v + 1]; k++) sum += share[sources[k]];
      next[v] = base + d * sum;
      residual += std::fabs(next[v] - rank[v]);
    }
    rank.swap(next);
    if (residual < tolerance) {
      done++;
      break;
    }
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const double cpuMs = cpu() - cpuStarted;
  std::printf("{\"people\":%d,\"edges\":%zu,\"iterations\":%d,\"ms\":%.3f,\"cpuMs\":%.3f,\"nsPerEdgeIteration\":%.4f,\"residual\":%.3e}\n", n,
              kept, done, ms, cpuMs, ms * 1e6 / (static_cast<double>(kept) * done), residual);
  return 0;
}

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
#include <vector>

#include "edge-list.hpp"

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: pagerank-floor FILE ITERATIONS [TOLERANCE]\n");
    return 2;
  }
  const int iterations = std::atoi(argv[2]);
  const double tolerance = argc > 3 ? std::atof(argv[3]) : 0.0;
  // Pull CSR: for each v, the u with u -> v; duplicates and self-loops kept out as Sway does.
  InEdges graph;
  if (!readInEdges(argv[1], graph)) return 2;
  const int n = graph.n;
  const std::vector<int> &keptOffsets = graph.offsets, &sources = graph.sources;
  const size_t kept = sources.size();
  std::vector<int> outDegree(n, 0);
  for (int u : sources) outDegree[u]++;
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

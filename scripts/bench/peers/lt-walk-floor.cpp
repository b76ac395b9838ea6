// The bench's floor for Linear Threshold RR sets: the backward walks alone, in C++, written for Sway's bench
// (development only; never part of Sway). It reads the same edge-list file as Sway (edge-list.hpp; u -> v read as
// "u influences v"), keeps each person's distinct in-edges (no self-loops), then times drawing SETS
// weighted-cascade LT sets on THREADS threads: a uniform root, then at each person a uniformly chosen in-neighbour
// (weighted cascade gives each of d in-edges 1/d, so the walk goes on while there is one), stopping at nobody or at a
// person already in the set; each set stored back to back with its end, as Sway stores them. LANES walks are
// interleaved per thread (their memory reads overlap); each thread has its own generator (xoshiro128**), so the sets
// are not Sway's but have the same law. Nothing else of a selection (index, greedy, bounds) is timed: the floor of the
// sampling alone. Usage: lt-walk-floor FILE SETS THREADS LANES. Prints one JSON line: the median of five timed draws.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "edge-list.hpp"

namespace {

struct Generator {
  uint32_t s[4];
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  uint32_t next() {
    const uint32_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
  // A uniform integer below `bound`, as Sway draws one: floor(r / 2^32 x bound).
  int below(int bound) { return static_cast<int>(next() * (1.0 / 4294967296.0) * bound); }
};

struct Graph {
  int n = 0;
  std::vector<int> offsets, sources;
};

// Draws `sets` walks with `lanes` in flight; returns the members written.
long long draw(const Graph &g, int sets, int lanes, uint32_t seed) {
  Generator random{{seed * 0x9e3779b9u + 1, 0x85ebca6bu, 0xc2b2ae35u, seed | 1u}};
  // stamp[v * lanes + l]: the set lane l last put v in (sets are numbered from 1).
  std::vector<uint32_t> stamp(static_cast<size_t>(g.n) * lanes, 0);
  std::vector<int> pool;
  pool.reserve(static_cast<size_t>(sets) * 8);
  std::vector<int> ends;
  ends.reserve(sets);
  std::vector<int> at(lanes), set(lanes);
  std::vector<std::vector<int>> walk(lanes);
  int started = 0, done = 0;
  auto start = [&](int l) {
    at[l] = random.below(g.n);
    set[l] = ++started;
    stamp[static_cast<size_t>(at[l]) * lanes + l] = set[l];
    walk[l].clear();
    walk[l].push_back(at[l]);
  };
  for (int l = 0; l < lanes && l < sets; l++) start(l);
  const int active = std::min(lanes, sets);
  while (done < sets) {
    for (int l = 0; l < active; l++) {
      if (set[l] == 0) continue;
      const int v = at[l], first = g.offsets[v], degree = g.offsets[v + 1] - first;
      bool stop = degree == 0;
      if (!stop) {
        const int u = g.sources[first + random.below(degree)];
        uint32_t &mark = stamp[static_cast<size_t>(u) * lanes + l];
        if (mark == static_cast<uint32_t>(set[l])) {
          stop = true;
        } else {
          mark = set[l];
          walk[l].push_back(u);
          at[l] = u;
        }
      }
      if (stop) {
        pool.insert(pool.end(), walk[l].begin(), walk[l].end());
        ends.push_back(static_cast<int>(pool.size()));
        done++;
        if (started < sets) start(l);
        else set[l] = 0;
      }
    }
  }
  return static_cast<long long>(pool.size());
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: lt-walk-floor FILE SETS THREADS LANES\n");
    return 2;
  }
  const int sets = std::atoi(argv[2]), threads = std::atoi(argv[3]), lanes = std::atoi(argv[4]);
  InEdges edges;
  if (!readInEdges(argv[1], edges)) return 2;
  Graph g;
  g.n = edges.n;
  g.offsets.swap(edges.offsets);
  g.sources.swap(edges.sources);

  std::vector<double> times;
  long long members = 0;
  for (int round = 0; round < 5; round++) {
    std::vector<long long> written(threads);
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; t++) {
      const int share = sets / threads + (t < sets % threads ? 1 : 0);
      workers.emplace_back([&, t, share] { written[t] = draw(g, share, lanes, 1000u * round + t + 1); });
    }
    for (auto &w : workers) w.join();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    members = 0;
    for (long long w : written) members += w;
  }
  std::vector<double> sorted(times);
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"sets\":%d,\"threads\":%d,\"lanes\":%d,\"ms\":%.3f,\"firstMs\":%.3f,\"membersPerSet\":%.3f}\n", sets,
              threads, lanes, sorted[2], times[0], static_cast<double>(members) / sets);
  return 0;
}

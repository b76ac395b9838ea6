#!/usr/bin/env python3
"""Reference values from NetworkX for Sway's tests (development only: NetworkX is never a runtime dependency).

Run from the repository root: `npm run oracles` (or `python3 scripts/oracles/make_fixtures.py [datasets-dir]`); it
reads the gzip-compressed datasets in datasets/.
Writes gzip-compressed JSON files under test/fixtures/oracles/. Each file records the NetworkX version and the call.
"""
import gzip
import json
import math
import os
import random
import subprocess
import sys
from collections import Counter

import networkx as nx
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'datasets')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'oracles')


def open_dataset(name):
    """A dataset as text: datasets/ holds them gzip-compressed (name.gz); a plain copy of the same name also works."""
    path = os.path.join(DATASETS, name)
    return open(path) if os.path.exists(path) else gzip.open(path + '.gz', 'rt')


def read_edgelist(name, directed=True):
    graph = nx.DiGraph() if directed else nx.Graph()
    with open_dataset(name) as handle:
        for line in handle:
            if line.startswith('#') or not line.strip():
                continue
            u, v = line.split()[:2]
            graph.add_edge(u, v)
    return graph


def write(name, call, values, versions=None):
    """Writes a reference file with the NetworkX version, the versions of any other library used, and the call."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + '.json.gz')
    # mtime 0: regenerating an unchanged reference leaves the file byte for byte as it was.
    with open(path, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0) as zipped:
        record = {'networkx': nx.__version__, **(versions or {}), 'call': call, 'values': values}
        zipped.write(json.dumps(record).encode('utf-8'))
    print('wrote', os.path.relpath(path, ROOT))


def exact_pagerank(graph, **kwargs):
    # NetworkX stops when the L1 change is below N * tol, which leaves its answer up to alpha / (1 - alpha) * N * tol from
    # the fixed point: with tol 1e-18, within 1e-12 of it on epinions (75,879 people), well below the 1e-10 tests check.
    return nx.pagerank(graph, alpha=0.85, tol=1e-18, max_iter=10000, **kwargs)


def nmi(a, b):
    """Normalized mutual information with the arithmetic-mean normalisation (scikit-learn's default)."""
    n = len(a)
    ca, cb, joint = Counter(a), Counter(b), Counter(zip(a, b))
    mi = sum(c / n * math.log((c / n) / ((ca[x] / n) * (cb[y] / n))) for (x, y), c in joint.items())
    ha = -sum(c / n * math.log(c / n) for c in ca.values())
    hb = -sum(c / n * math.log(c / n) for c in cb.values())
    return mi / ((ha + hb) / 2) if ha + hb > 0 else 1.0


def main():
    epinions = read_edgelist('epinions.edgelist')
    write('pagerank-epinions', 'nx.pagerank(G, alpha=0.85, tol=1e-18) on epinions as given', exact_pagerank(epinions))
    write('core-epinions', 'nx.core_number(G.to_undirected()) on epinions', nx.core_number(epinions.to_undirected()))
    del epinions

    facebook = read_edgelist('facebook.edgelist', directed=False)
    write('pagerank-facebook', 'nx.pagerank(G, alpha=0.85, tol=1e-18) on facebook (undirected)', exact_pagerank(facebook))
    write('core-facebook', 'nx.core_number(G) on facebook', nx.core_number(facebook))
    reach2 = {v: len(nx.single_source_shortest_path_length(facebook, v, cutoff=2)) - 1 for v in facebook}
    write('reach2-facebook', 'len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 on facebook', reach2)

    email = read_edgelist('email-eu-core.edgelist')
    write('betweenness-email', 'nx.betweenness_centrality(G, normalized=True) on email-eu-core as given',
          nx.betweenness_centrality(email, normalized=True))

    # Weighted and personalized PageRank on a small seeded random weighted digraph with dangling nodes.
    rng = random.Random(7)
    small = nx.gnp_random_graph(60, 0.06, seed=7, directed=True)
    edges = [[str(u), str(v), round(rng.uniform(0.1, 3.0), 3)] for u, v in small.edges()]
    weighted = nx.DiGraph()
    weighted.add_nodes_from(str(v) for v in small.nodes())
    weighted.add_weighted_edges_from(edges)
    personalization = {str(v): (v % 5) + 1 for v in small.nodes()}
    write('pagerank-small-weighted', 'nx.pagerank on a gnp(60, 0.06, seed=7) digraph with weights and personalization', {
        'nodes': [str(v) for v in small.nodes()],
        'edges': edges,
        'personalization': personalization,
        'weighted': exact_pagerank(weighted, weight='weight'),
        'personalized': exact_pagerank(weighted, weight=None, personalization=personalization),
        'weighted_personalized': exact_pagerank(weighted, weight='weight', personalization=personalization),
    })

    # NMI cross-check: the departments against NetworkX's own Louvain partition of email-eu-core.
    departments = read_departments()
    parts = nx.community.louvain_communities(email.to_undirected(), seed=1)
    louvain = {v: i for i, part in enumerate(parts) for v in part}
    nodes = sorted(louvain)
    write('nmi-email', 'NMI (arithmetic mean) of departments vs nx.community.louvain_communities(seed=1)', {
        'departments': {v: departments[v] for v in nodes},
        'louvain': {v: louvain[v] for v in nodes},
        'nmi': nmi([departments[v] for v in nodes], [louvain[v] for v in nodes]),
    })

    # Louvain quality: NetworkX's partition and modularity on the undirected graphs Sway's communities use (an edge per
    # pair, weighted by how many directions the file lists).
    louvain_values = {}
    for name in ['email-eu-core.edgelist', 'facebook.edgelist']:
        graph = summed_undirected(read_edgelist(name))
        parts = nx.community.louvain_communities(graph, weight='weight', seed=1)
        partition = {v: i for i, part in enumerate(parts) for v in part}
        louvain_values[name] = {
            'partition': {v: partition[v] for v in sorted(partition)},
            'modularity': nx.community.modularity(graph, parts, weight='weight'),
        }
    write('louvain-modularity', "nx.community.louvain_communities(G, weight='weight', seed=1) and nx.community.modularity"
          " on the undirected graph, reciprocal pairs weighted 2", louvain_values)

    temporal_pagerank_fixture()
    channel_pagerank_fixture()
    rank_correlation_fixture()
    likeliest_paths_nethept()


DAY = 86400


def temporal_pagerank_fixture():
    """PageRank of a seeded random temporal digraph as of a date, over a window, with weights decayed by age.

    Edges are attention edges [listener, speaker, weight, time] (the listener passes rank to the speaker, as
    nx.pagerank reads u -> v); time is Unix seconds or None (always present, never decayed). Each view keeps every node,
    so isolated nodes count as NetworkX counts them; 'window_decayed_subgraph' is that PageRank on the view's edges alone.
    """
    rng = random.Random(17)
    nodes = [str(v) for v in range(80)]
    start, span = 1_600_000_000, 730 * DAY
    edges = []
    for u in nodes:
        for v in nodes:
            if u != v and rng.random() < 0.06:
                time = None if rng.random() < 0.1 else start + rng.randrange(span)
                edges.append([u, v, round(rng.uniform(0.5, 2.0), 3), time])
    as_of, window, half_life = start + 500 * DAY, 180, 60

    def view(window_days, decay):
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        for u, v, weight, time in edges:
            if time is not None and (time > as_of or (window_days is not None and time <= as_of - window_days * DAY)):
                continue
            age = 0 if time is None else (as_of - time) / DAY
            graph.add_edge(u, v, weight=weight * 2 ** (-age / half_life) if decay else weight)
        return graph

    window_decayed = view(window, True)
    subgraph = window_decayed.subgraph([v for v in window_decayed if window_decayed.degree(v) > 0])
    write('pagerank-temporal', 'nx.pagerank on a seeded temporal digraph (80 nodes) as of a date, windowed and decayed', {
        'edges': edges,
        'asOf': as_of,
        'windowDays': window,
        'halfLifeDays': half_life,
        'as_of': exact_pagerank(view(None, False), weight=None),
        'window': exact_pagerank(view(window, False), weight=None),
        'decayed': exact_pagerank(view(None, True), weight='weight'),
        'window_decayed': exact_pagerank(window_decayed, weight='weight'),
        'window_decayed_subgraph': exact_pagerank(nx.DiGraph(subgraph), weight='weight'),
    })


def channel_pagerank_fixture():
    """PageRank on each channel's subgraph of the demo network (600 people), from Sway's own generator."""
    people = 600
    dump = subprocess.run(['node', '--import', 'tsx', os.path.join(ROOT, 'scripts', 'oracles', 'demo-network.ts'), str(people)],
                          cwd=ROOT, check=True, capture_output=True, text=True).stdout
    relationships = json.loads(dump)
    channels = sorted({c for _, _, text, _ in relationships for c in text.split(';')})
    values = {'people': people, 'channels': {}}
    for channel in channels:
        graph = nx.DiGraph()
        # Attention direction: the listener (target) passes rank to the speaker (source).
        graph.add_edges_from((target, source) for source, target, text, _ in relationships if channel in text.split(';'))
        values['channels'][channel] = exact_pagerank(graph)
    write('pagerank-channels-demo', "nx.pagerank on each channel's subgraph of generateDemoNetwork({people: 600})", values)


def rank_correlation_fixture():
    """Spearman's rho and Kendall's tau-b (scipy.stats) on vectors with and without ties."""
    rng = random.Random(5)
    cases = [
        [[1, 2, 3, 4, 5], [5, 6, 7, 8, 7]],
        [[3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]],
        [[rng.random() for _ in range(200)], [rng.randrange(20) for _ in range(200)]],
    ]
    x = [rng.gauss(0, 1) for _ in range(300)]
    cases.append([x, [a + rng.gauss(0, 0.7) for a in x]])
    write('rank-correlation', 'scipy.stats.spearmanr and scipy.stats.kendalltau (tau-b)', [
        {'x': a, 'y': b, 'spearman': float(stats.spearmanr(a, b).statistic), 'kendall': float(stats.kendalltau(a, b).statistic)}
        for a, b in cases
    ])


def likeliest_paths(graph, seeds, targets, k):
    """The k most likely paths from any seed to each target under weighted cascade, as k shortest simple paths.

    p(u, v) = 1 / in-degree(v), so a path's -ln probability is the sum of ln in-degree over the people it enters. A
    virtual source joins every seed at cost 0, and edges into seeds are dropped (a path passes through no other seed).
    """
    weighted = nx.DiGraph()
    seed_set = set(seeds)
    for u, v in graph.edges():
        if v not in seed_set:
            weighted.add_edge(u, v, weight=math.log(graph.in_degree(v)))
    source = '__source__'
    for s in seeds:
        weighted.add_edge(source, s, weight=0.0)
    result = {}
    for t in targets:
        paths = []
        for path in nx.shortest_simple_paths(weighted, source, t, weight='weight'):
            paths.append({'path': path[1:], 'cost': nx.path_weight(weighted, path, 'weight')})
            if len(paths) == k:
                break
        result[t] = paths
    return result


def likeliest_paths_nethept():
    nethept = read_edgelist('nethept.edgelist')
    seeds = sorted(nethept, key=lambda v: (-nethept.out_degree(v), int(v)))[:10]
    reachable = set()
    for s in seeds:
        reachable |= nx.descendants(nethept, s)
    targets = sorted(random.Random(21).sample(sorted(reachable - set(seeds), key=int), 25), key=int)
    write('likeliest-paths-nethept', 'nx.shortest_simple_paths with weight ln in-degree(v) from a source joined to the'
          ' 10 people of highest out-degree (edges into them dropped), first 5 paths per target, nethept as given', {
              'seeds': seeds,
              'k': 5,
              'paths': likeliest_paths(nethept, seeds, targets, 5),
          })


def read_departments():
    """The department of each person of email-eu-core, by id."""
    departments = {}
    with open_dataset('email-eu-core-departments.tsv') as handle:
        for line in handle:
            if line.startswith('#') or not line.strip():
                continue
            node, department = line.split()[:2]
            departments[node] = department
    return departments


def summed_undirected(directed):
    graph = nx.Graph()
    graph.add_nodes_from(directed)
    for u, v in directed.edges():
        if graph.has_edge(u, v):
            graph[u][v]['weight'] += 1
        else:
            graph.add_edge(u, v, weight=1)
    return graph


if __name__ == '__main__':
    main()

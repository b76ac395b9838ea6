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
import sys
from collections import Counter

import networkx as nx

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
    # NetworkX stops when the L1 change is below N * tol; a tiny tol puts its answer at the fixed point (to ~1e-13).
    return nx.pagerank(graph, alpha=0.85, tol=1e-15, max_iter=10000, **kwargs)


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
    write('pagerank-epinions', 'nx.pagerank(G, alpha=0.85, tol=1e-15) on epinions as given', exact_pagerank(epinions))
    write('core-epinions', 'nx.core_number(G.to_undirected()) on epinions', nx.core_number(epinions.to_undirected()))
    del epinions

    facebook = read_edgelist('facebook.edgelist', directed=False)
    write('pagerank-facebook', 'nx.pagerank(G, alpha=0.85, tol=1e-15) on facebook (undirected)', exact_pagerank(facebook))
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

#!/usr/bin/env python3
"""Reference values for Sway's communities and lookalikes (development only), from igraph, leidenalg and NetworkX.

Run from the repository root: `npm run oracles` (or `PYTHONHASHSEED=0 python3 scripts/oracles/communities.py
[datasets-dir]`; the fixed hash seed makes NetworkX sum Adamic-Adar terms in the same order, so the files come out byte
for byte the same).
Writes gzip-compressed JSON files under test/fixtures/oracles/, each with the library versions and the calls.

The graphs are the undirected ones Sway's communities use: one edge per pair, weighted by how many directions the file
lists (a reciprocal pair weighs 2), nodes in the order of their integer ids.
"""
import math
import random
import statistics

import igraph as ig
import leidenalg as la
import networkx as nx

from make_fixtures import nmi, read_departments, read_edgelist, summed_undirected, write

SEEDS = range(10)
GAMMAS = [0.5, 1, 1.5, 2, 3, 4]
VERSIONS = {'igraph': ig.__version__, 'leidenalg': la.version}


def to_igraph(graph):
    """The NetworkX graph as igraph holds it, with the node ids in igraph's vertex order."""
    names = sorted(graph.nodes(), key=int)
    index = {name: i for i, name in enumerate(names)}
    edges = [(index[u], index[v]) for u, v in graph.edges()]
    result = ig.Graph(n=len(names), edges=edges)
    result.es['weight'] = [graph[u][v].get('weight', 1) for u, v in graph.edges()]
    return result, names


def cpm(graph, membership, resolution):
    """Σ_c [e_c − γ n_c (n_c − 1) / 2] with weighted e_c: the Constant Potts Model as Sway reports it."""
    inside, sizes = {}, {}
    for c in membership:
        sizes[c] = sizes.get(c, 0) + 1
    for edge in graph.es:
        u, v = edge.tuple
        if membership[u] == membership[v]:
            inside[membership[u]] = inside.get(membership[u], 0) + edge['weight']
    return sum(inside.get(c, 0) - resolution * n * (n - 1) / 2 for c, n in sizes.items())


def leiden_quality():
    """igraph's Leiden (modularity, and CPM at one resolution) over ten seeds, with one partition to cross-check."""
    values = {}
    for name, cpm_resolution in [('email-eu-core.edgelist', 0.05), ('facebook.edgelist', 0.05)]:
        graph, names = to_igraph(summed_undirected(read_edgelist(name)))
        found, cpm_found = [], []
        for seed in SEEDS:
            random.seed(seed)  # igraph's Python interface draws from Python's random module
            clustering = graph.community_leiden(objective_function='modularity', weights='weight', n_iterations=2)
            found.append(clustering)
            random.seed(seed)
            clustering = graph.community_leiden(objective_function='CPM', weights='weight', resolution=cpm_resolution, n_iterations=2)
            cpm_found.append(cpm(graph, clustering.membership, cpm_resolution))
        modularities = [graph.modularity(c.membership, weights='weight') for c in found]
        values[name] = {
            'modularity': {'median': statistics.median(modularities), 'min': min(modularities), 'max': max(modularities),
                           'communities': [len(c) for c in found]},
            'partition': dict(zip(names, found[0].membership)),
            'partitionModularity': modularities[0],
            'cpm': {'resolution': cpm_resolution, 'median': statistics.median(cpm_found), 'max': max(cpm_found)},
        }
    write('leiden-quality', "random.seed(s); G.community_leiden(objective_function='modularity'|'CPM', weights='weight',"
          " n_iterations=2) for s in 0..9 (igraph), G.modularity(membership, weights='weight'); CPM as sum of"
          " e_c - gamma n_c (n_c - 1) / 2", values, VERSIONS)


def leiden_departments():
    """NMI of leidenalg's partitions of email-eu-core against the departments, per resolution."""
    graph, names = to_igraph(summed_undirected(read_edgelist('email-eu-core.edgelist')))
    departments = read_departments()
    truth = [departments[name] for name in names]
    values = {}
    for gamma in GAMMAS:
        runs = [la.find_partition(graph, la.RBConfigurationVertexPartition, weights='weight', resolution_parameter=gamma,
                                  seed=seed, n_iterations=2) for seed in SEEDS]
        scores = [nmi(truth, run.membership) for run in runs]
        values[str(gamma)] = {'nmi': statistics.mean(scores), 'nmiMin': min(scores), 'nmiMax': max(scores),
                              'communities': statistics.mean(len(run) for run in runs)}
    write('leiden-departments', "la.find_partition(G, la.RBConfigurationVertexPartition, weights='weight',"
          " resolution_parameter=gamma, seed=s, n_iterations=2) for s in 0..9; NMI (arithmetic mean) against the"
          " departments, averaged", values, VERSIONS)


def sample_people(graph, count, seed):
    """A seeded sample of people with at least one neighbour, plus the best connected one."""
    people = sorted((v for v in graph if graph.degree(v) > 0), key=int)
    chosen = random.Random(seed).sample(people, count - 1)
    hub = max(people, key=lambda v: (graph.degree(v), -int(v)))
    return sorted(set(chosen + [hub]), key=int)


def lookalikes():
    """Jaccard and Adamic-Adar of sampled people against everyone they share a neighbour with.

    facebook (undirected friendships): networkx.jaccard_coefficient and adamic_adar_index. email-eu-core (directed,
    u -> v read as "u influences v"): each direction on its own, from NetworkX's successor and predecessor sets, with
    listeners L = successors and influencers I = predecessors:
      jaccard = (|L(u) & L(v)| + |I(u) & I(v)|) / (|L(u) | L(v)| + |I(u) | I(v)|)
      adamic_adar = (sum over shared listeners w of 1/log |I(w)| + sum over shared influencers w of 1/log |L(w)|) / 2
    and the undirected versions on G.to_undirected().
    """
    facebook = read_edgelist('facebook.edgelist', directed=False)
    values = {}
    for u in sample_people(facebook, 12, 3):
        pairs = [(u, v) for v in two_hop(facebook, u)]
        values[u] = {
            'jaccard': {v: p for _, v, p in nx.jaccard_coefficient(facebook, pairs)},
            'adamicAdar': {v: p for _, v, p in nx.adamic_adar_index(facebook, pairs)},
        }
    write('lookalikes-facebook', 'nx.jaccard_coefficient(G, [(u, v)]) and nx.adamic_adar_index(G, [(u, v)]) for'
          ' sampled u and every v two hops away, facebook', values)

    email = read_edgelist('email-eu-core.edgelist')
    undirected = email.to_undirected()
    values = {}
    for u in sample_people(undirected, 12, 5):
        listeners, influencers = set(email.successors(u)), set(email.predecessors(u))
        directed = {}
        for v in two_hop(undirected, u):
            lv, iv = set(email.successors(v)), set(email.predecessors(v))
            shared_l, shared_i = listeners & lv, influencers & iv
            union = len(listeners | lv) + len(influencers | iv)
            if not shared_l and not shared_i:
                continue
            directed[v] = {
                'jaccard': (len(shared_l) + len(shared_i)) / union,
                'adamicAdar': (sum(1 / math.log(email.in_degree(w)) for w in sorted(shared_l))
                               + sum(1 / math.log(email.out_degree(w)) for w in sorted(shared_i))) / 2,
                'sharedListeners': len(shared_l),
                'sharedInfluencers': len(shared_i),
            }
        pairs = [(u, v) for v in two_hop(undirected, u)]
        values[u] = {
            'directed': directed,
            'undirected': {
                'jaccard': {v: p for _, v, p in nx.jaccard_coefficient(undirected, pairs)},
                'adamicAdar': {v: p for _, v, p in nx.adamic_adar_index(undirected, pairs)},
            },
        }
    write('lookalikes-email', 'per direction from G.successors / G.predecessors (see scripts/oracles/communities.py),'
          ' and nx.jaccard_coefficient / nx.adamic_adar_index on G.to_undirected(), email-eu-core', values)


def two_hop(graph, u):
    """Everyone who shares at least one neighbour with u, u excluded."""
    return sorted({v for w in graph[u] for v in graph[w] if v != u}, key=int)


def main():
    leiden_quality()
    leiden_departments()
    lookalikes()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""The C libraries Sway is compared with in `npm run bench` (section peers): networkit and igraph, fed the same file.

Development only: `pip install networkit igraph`; Sway never imports them. Prints one JSON line per measurement:
{"peer", "task", "seconds", ...}. Usage:

  peers.py FILE --direction as-given|reversed [--tasks ingest,pagerank,louvain,kcore,reach2,betweenness] [--samples 256]
           [--peers networkit,igraph]

`--direction reversed` runs the analyses on the reverse of the file's edges where direction matters (two-hop reach
follows influence: with `--kind trusts` the file's u -> v means v influences u). PageRank always runs on the file's
edges as given, as Sway's PageRank on `--kind trusts` does. igraph reads no comment lines, so it gets a copy of the file
without them (same edges; its read time is of that copy).
"""
import argparse
import json
import os
import sys
import tempfile
import time

import igraph as ig
import networkit as nk


def emit(peer, task, seconds, **extra):
    print(json.dumps({'peer': peer, 'task': task, 'seconds': seconds, **extra}), flush=True)


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def separator(path):
    with open(path) as handle:
        for line in handle:
            if line.strip() and line[0] not in '#%':
                return '\t' if '\t' in line else ' '
    return '\t'


def without_comments(path):
    fd, copy = tempfile.mkstemp(suffix='.edgelist')
    with os.fdopen(fd, 'w') as out, open(path) as handle:
        for line in handle:
            if line.strip() and line[0] not in '#%':
                out.write(line)
    return copy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('file')
    parser.add_argument('--direction', choices=['as-given', 'reversed'], default='as-given')
    parser.add_argument('--tasks', default='ingest,pagerank,louvain,kcore,reach2,betweenness')
    parser.add_argument('--samples', type=int, default=256)
    parser.add_argument('--peers', default='networkit,igraph')
    args = parser.parse_args()
    tasks = set(args.tasks.split(','))
    reach_mode = 'in' if args.direction == 'reversed' else 'out'
    peers = set(args.peers.split(','))
    if 'networkit' in peers:
        run_networkit(args, tasks)
    if 'igraph' in peers:
        run_igraph(args, tasks, reach_mode)


def run_networkit(args, tasks):
    # networkit: its own reader, continuous=False maps arbitrary integer ids.
    reader = nk.graphio.EdgeListReader(separator(args.file), 0, commentPrefix='#', continuous=False, directed=True)
    graph, seconds = timed(lambda: reader.read(args.file))
    edges = graph.numberOfEdges()
    if 'ingest' in tasks:
        emit('networkit', 'ingest', seconds, edges=edges)
    if 'pagerank' in tasks:
        rank = nk.centrality.PageRank(graph, damp=0.85, tol=1e-10)
        rank.norm = nk.centrality.Norm.L1_NORM
        _, seconds = timed(rank.run)
        emit('networkit', 'pagerank', seconds, iterations=rank.numberOfIterations())
    undirected = nk.graphtools.toUndirected(graph) if tasks & {'louvain', 'kcore'} else None
    if undirected is not None:
        undirected.removeMultiEdges()
        undirected.removeSelfLoops()
    if 'louvain' in tasks:
        plm = nk.community.PLM(undirected, refine=False)
        _, seconds = timed(plm.run)
        emit('networkit', 'louvain', seconds, modularity=nk.community.Modularity().getQuality(plm.getPartition(), undirected))
    if 'kcore' in tasks:
        _, seconds = timed(lambda: nk.centrality.CoreDecomposition(undirected).run())
        emit('networkit', 'kcore', seconds)
    if 'betweenness' in tasks:
        between = graph if args.direction == 'as-given' else nk.graphtools.transpose(graph)
        _, seconds = timed(lambda: nk.centrality.EstimateBetweenness(between, args.samples, True, False).run())
        emit('networkit', 'betweenness', seconds, samples=args.samples)


def run_igraph(args, tasks, reach_mode):
    copy = without_comments(args.file)
    try:
        graph, seconds = timed(lambda: ig.Graph.Read_Edgelist(copy, directed=True))
    finally:
        os.unlink(copy)
    if 'ingest' in tasks:
        emit('igraph', 'ingest', seconds, edges=graph.ecount())
    if 'pagerank' in tasks:
        _, seconds = timed(lambda: graph.pagerank(damping=0.85, directed=True, implementation='prpack'))
        emit('igraph', 'pagerank', seconds)
    if 'louvain' in tasks:
        undirected = graph.as_undirected(mode='collapse')
        partition, seconds = timed(lambda: undirected.community_multilevel())
        emit('igraph', 'louvain', seconds, modularity=partition.modularity)
    if 'kcore' in tasks:
        _, seconds = timed(lambda: graph.coreness(mode='all'))
        emit('igraph', 'kcore', seconds)
    if 'reach2' in tasks:
        # Distinct people within two hops, the person excluded: the exact count Sway's reach2 gives below its limit.
        simple = graph.copy().simplify()
        _, seconds = timed(lambda: simple.neighborhood_size(order=2, mode=reach_mode))
        emit('igraph', 'reach2', seconds)


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""What NetworkX's own readers make of Sway's graph export (development only).

Run from the repository root: `npm run oracles` (or `python3 scripts/oracles/export_readers.py`). Writes Sway's export
sample (scripts/oracles/export-sample.ts) in GEXF and GraphML to a temporary folder, reads each back with
networkx.read_gexf(version='1.3') and networkx.read_graphml, and writes every node's and edge's attributes as NetworkX
read them to test/fixtures/oracles/export-networkx.json.gz. test/graph/export.test.ts compares them, attribute by
attribute, with the sample it exports itself.

Then the store's own export: scripts/oracles/export-store.ts imports a small graph (test/fixtures/import/export-store)
into a fresh store, scores it and exports it in every format; NetworkX reads each file (read_gexf, read_graphml, and
the JSON through the json module into a MultiDiGraph, since NetworkX has no reader for graphology's format) and
test/fixtures/oracles/export-store-networkx.json.gz records what it found: the numbers of nodes and edges, and per
node the community, its name and a few scores. test/server/usecases/export-store-networkx.test.ts builds the same
store and compares.
"""
import json
import os
import subprocess
import tempfile

import networkx as nx

from make_fixtures import ROOT, write


def described(graph):
    """Nodes and edges with their attributes, as plain JSON (NetworkX keeps GEXF's viz data under 'viz')."""
    return {
        'directed': graph.is_directed(),
        'nodes': {str(node): data for node, data in graph.nodes(data=True)},
        'edges': [[str(u), str(v), data] for u, v, data in graph.edges(data=True)],
    }


# The attributes of each node the store reading records: the community and its name, and scores of each type.
STORE_ATTRIBUTES = ['community', 'community_name', 'pagerank', 'influence_score', 'audience', 'core']


def read_graphology_json(path):
    """graphology's serialisation (what Sway's JSON export writes) as a NetworkX MultiDiGraph."""
    with open(path, encoding='utf-8') as handle:
        data = json.load(handle)
    graph = nx.MultiDiGraph()
    for node in data['nodes']:
        graph.add_node(node['key'], **node.get('attributes', {}))
    for edge in data['edges']:
        graph.add_edge(edge['source'], edge['target'], **edge.get('attributes', {}))
    return graph


def store_reading(graph):
    """The numbers of nodes and edges, and each node's STORE_ATTRIBUTES that the file gives it."""
    return {
        'nodes': graph.number_of_nodes(),
        'edges': graph.number_of_edges(),
        'people': {
            str(node): {k: data[k] for k in STORE_ATTRIBUTES if k in data} for node, data in graph.nodes(data=True)
        },
    }


def main():
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(['node', '--import', 'tsx', os.path.join('scripts', 'oracles', 'export-sample.ts'), folder], cwd=ROOT, check=True)
        values = {
            'gexf': described(nx.read_gexf(os.path.join(folder, 'sample.gexf'), version='1.3')),
            'graphml': described(nx.read_graphml(os.path.join(folder, 'sample.graphml'))),
        }
    write('export-networkx', "nx.read_gexf(path, version='1.3') and nx.read_graphml(path) of Sway's export sample"
          ' (scripts/oracles/export-sample.ts)', values)

    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join('scripts', 'oracles', 'export-store.ts')
        subprocess.run(['node', '--import', 'tsx', script, folder], cwd=ROOT, check=True)
        values = {
            'gexf': store_reading(nx.read_gexf(os.path.join(folder, 'store.gexf'), version='1.3')),
            'graphml': store_reading(nx.read_graphml(os.path.join(folder, 'store.graphml'))),
            'json': store_reading(read_graphology_json(os.path.join(folder, 'store.json'))),
        }
    write('export-store-networkx', "nx.read_gexf(path, version='1.3'), nx.read_graphml(path) and graphology's JSON"
          ' read into nx.MultiDiGraph, of the export of a scored store (scripts/oracles/export-store.ts): node and edge'
          ' counts, and per node ' + ', '.join(STORE_ATTRIBUTES), values)


if __name__ == '__main__':
    main()

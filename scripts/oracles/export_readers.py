#!/usr/bin/env python3
"""What NetworkX's own readers make of Sway's graph export (development only).

Run from the repository root: `npm run oracles` (or `python3 scripts/oracles/export_readers.py`). Writes Sway's export
sample (scripts/oracles/export-sample.ts) in GEXF and GraphML to a temporary folder, reads each back with
networkx.read_gexf(version='1.3') and networkx.read_graphml, and writes every node's and edge's attributes as NetworkX
read them to test/fixtures/oracles/export-networkx.json.gz. test/graph/export.test.ts compares them, attribute by
attribute, with the sample it exports itself.
"""
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


def main():
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(['node', '--import', 'tsx', os.path.join('scripts', 'oracles', 'export-sample.ts'), folder], cwd=ROOT, check=True)
        values = {
            'gexf': described(nx.read_gexf(os.path.join(folder, 'sample.gexf'), version='1.3')),
            'graphml': described(nx.read_graphml(os.path.join(folder, 'sample.graphml'))),
        }
    write('export-networkx', "nx.read_gexf(path, version='1.3') and nx.read_graphml(path) of Sway's export sample"
          ' (scripts/oracles/export-sample.ts)', values)


if __name__ == '__main__':
    main()

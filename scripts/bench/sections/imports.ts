import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBatches, type ImportFileOptions } from '../../../graph/import/index.ts';
import type { BenchSection } from '../section.ts';

const PEOPLE = 10_000;
const EDGES = 100_000;

/** Reads a file through the importer, counting relationships; milliseconds and the count. */
async function timeImport(path: string, options: ImportFileOptions): Promise<{ ms: number; relationships: number }> {
  const started = performance.now();
  let relationships = 0;
  for await (const batch of readBatches(path, options)) relationships += batch.relationships.length;
  return { ms: performance.now() - started, relationships };
}

/**
 * File formats that Gephi and other tools write: a synthetic graph of 100,000 edges among 10,000 people, as GEXF and
 * GraphML, read by the importer (parsed and every row validated, no store), against the same edges as an edge list
 * read in the same run. The XML formats are read as a stream by a SAX parser, so a small constant factor over the
 * edge list is expected; what this guards is that the time stays linear in the edges (it was quadratic: 16,000 edges
 * took 173 s) and in seconds (through a DOM and a graphology graph, 100,000 edges took 5-12 s).
 */
export const importsSection: BenchSection = {
  id: 'imports',
  title: `Imports: GEXF and GraphML of ${EDGES.toLocaleString('en-US')} edges against the same edge list`,
  async run(context) {
    const dir = mkdtempSync(join(tmpdir(), 'sway-bench-imports-'));
    try {
      const pairs = Array.from({ length: EDGES }, (_, e) => [`n${e % PEOPLE}`, `n${(e * 7919 + 1) % PEOPLE}`]);
      const nodeIds = Array.from({ length: PEOPLE }, (_, i) => `n${i}`);
      const files = {
        edgelist: join(dir, 'graph.txt'),
        gexf: join(dir, 'graph.gexf'),
        graphml: join(dir, 'graph.graphml'),
      };
      writeFileSync(files.edgelist, pairs.map(([s, t]) => `${s} ${t}`).join('\n'));
      writeFileSync(
        files.gexf,
        `<?xml version="1.0"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">\n<nodes>\n` +
          nodeIds.map((id) => `<node id="${id}" label="${id}"/>`).join('\n') +
          '\n</nodes><edges>\n' +
          pairs.map(([s, t], e) => `<edge id="e${e}" source="${s}" target="${t}" weight="1"/>`).join('\n') +
          '\n</edges></graph></gexf>\n',
      );
      writeFileSync(
        files.graphml,
        `<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">\n` +
          nodeIds.map((id) => `<node id="${id}"/>`).join('\n') +
          '\n' +
          pairs.map(([s, t], e) => `<edge id="e${e}" source="${s}" target="${t}"/>`).join('\n') +
          '\n</graph></graphml>\n',
      );
      const rows: Array<Array<string | number>> = [];
      const baseline = await timeImport(files.edgelist, { format: 'edgelist' });
      for (const format of ['edgelist', 'gexf', 'graphml'] as const) {
        context.gc();
        const run = format === 'edgelist' ? baseline : await timeImport(files[format], { format });
        rows.push([
          format,
          run.relationships.toLocaleString('en-US'),
          (run.ms / 1000).toFixed(2),
          Math.round((run.relationships / run.ms) * 1000).toLocaleString('en-US'),
          `${(run.ms / baseline.ms).toFixed(1)}x`,
        ]);
      }
      context.table(['format', 'relationships', 's', 'relationships/s', 'against the edge list'], rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

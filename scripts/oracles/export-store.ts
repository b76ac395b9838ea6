import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExportFormat } from '../../graph/export/options.ts';
import { readBatches } from '../../graph/import/index.ts';
import type { GraphStore } from '../../server/stores/contract.ts';
import { openStore } from '../../server/stores/open.ts';
import { exportGraph } from '../../server/usecases/export-graph.ts';
import { scoreStore } from '../../server/usecases/score.ts';

/**
 * A small store scored and exported the way a user does it (`sway import`, `sway score`, `sway export graph`), for
 * the NetworkX reading of the store's own export: scripts/oracles/export_readers.py reads these files with NetworkX,
 * and test/server/usecases/export-store-networkx.test.ts builds the same store, exports it and compares. Unlike the
 * export sample (export-sample.ts), the scores and community names come from Sway's score families, so the
 * reference must be made again (`npm run oracles`) when those change what they give on this graph.
 *
 * The graph, test/fixtures/import/export-store/ (people.csv, relationships.csv), was written once from the demo
 * generator (160 people, 5 planted communities, seed 5) and is kept as files, so the reference does not move with
 * the generator. Run: node --import tsx scripts/oracles/export-store.ts DIR (writes DIR/store.gexf, .graphml, .json).
 */
export const EXPORT_STORE_FIXTURE = resolve(import.meta.dirname, '../../test/fixtures/import/export-store');

/** The formats written, with the file each goes to. */
export const EXPORT_STORE_FORMATS: readonly ExportFormat[] = ['gexf', 'graphml', 'json'];

/** A fresh embedded store in `data` holding the fixture graph, scored with the defaults. */
export async function exportStore(data: string): Promise<GraphStore> {
  const store = await openStore({ data });
  try {
    await store.importBatches(readBatches(EXPORT_STORE_FIXTURE, { format: 'csv' }), { source: 'export-store' });
    await scoreStore(store, {});
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The whole store exported in one format, as text. */
export async function exportStoreText(store: GraphStore, format: ExportFormat): Promise<string> {
  let text = '';
  for await (const chunk of (await exportGraph(store, { format })).chunks) text += chunk;
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = process.argv[2];
  const store = await exportStore(join(folder, 'data'));
  try {
    for (const format of EXPORT_STORE_FORMATS)
      writeFileSync(join(folder, `store.${format}`), await exportStoreText(store, format));
  } finally {
    await store.close();
  }
}

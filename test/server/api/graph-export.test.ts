import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { createContext } from '../../../server/app/context.ts';
import { createSwayServer, type SwayServer } from '../../../server/app/http.ts';
import { createLogger } from '../../../server/app/logger.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { createCaller } from '../../../server/routers/app-router.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { exportGraph } from '../../../server/usecases/export-graph.ts';
import { scoreStore } from '../../../server/usecases/score.ts';

describe('graph.export (the explorer\'s "Download for Gephi")', () => {
  let data: string;
  let store: GraphStore;
  let tokens: TokenStore;
  let app: SwayServer;
  const callerAs = (role: 'viewer' | 'analyst') =>
    createCaller(createContext(app.services, tokens.create({ role }).token, false));

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-graph-export-'));
    store = await openStore({ data });
    await store.importBatches(demoBatches({ people: 400 }), { source: 'demo' });
    await scoreStore(store, {});
    tokens = new TokenStore(data);
    app = createSwayServer({ store, storeOptions: { data }, tokens, log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    tokens?.close();
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('gives analysts the same file as `sway export graph`, which graphology reads back', async () => {
    const file = await callerAs('analyst').graph.export({ format: 'gexf', top: 50 });
    let expected = '';
    for await (const chunk of (await exportGraph(store, { format: 'gexf', top: 50 })).chunks) expected += chunk;
    expect(file.text).toBe(expected);
    expect(file).toMatchObject({ filename: 'sway-graph-top-50.gexf', mediaType: 'application/gexf+xml', people: 50 });
    const graph = parseGexf(MultiGraph, file.text);
    expect(graph.order).toBe(50);
    expect(graph.size).toBe(file.relationships);
    graph.forEachNode((_, attributes) => expect(typeof attributes.influence_score).toBe('number'));
  });

  it("refuses viewers: the file holds every person's fields", async () => {
    await expect(callerAs('viewer').graph.export({ format: 'gexf' })).rejects.toThrow(/analyst/);
  });
});

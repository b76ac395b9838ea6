import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../server/stores/open.ts';
import { moversSuite, rescoreSuite } from './rescore-suite.ts';

// The embedded store; test/scripts/rescore-neo4j.test.ts runs the same suite on Neo4j.
const data = mkdtempSync(join(tmpdir(), 'sway-rescore-'));

rescoreSuite({
  name: 'embedded store',
  storeArgs: ['--data', data],
  open: () => openStore({ data }),
  reset: async () => undefined,
  cleanup: async () => rmSync(data, { recursive: true, force: true }),
});

moversSuite();

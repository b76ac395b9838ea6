import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/stores/open.ts';
import { StoreUnavailableError } from '../../../server/stores/errors.ts';
import { SqliteStore } from '../../../server/stores/sqlite.ts';
import { storeContract } from './contract.ts';

const root = mkdtempSync(join(tmpdir(), 'sway-sqlite-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

storeContract('sqlite', () => ({
  async fresh() {
    const data = join(root, `store-${n++}`);
    return {
      open: async () => {
        const store = new SqliteStore(data);
        await store.init();
        return store;
      },
      childTarget: { data },
      files: () => readdirSync(data).map((f) => join(data, f)),
    };
  },
}));

describe('openStore', () => {
  it('opens the embedded store in the data folder by default, creating it', async () => {
    const data = join(root, 'opened', 'nested');
    const store = await openStore({ data });
    expect(store.kind).toBe('sqlite');
    expect(readdirSync(data)).toContain('sway.db');
    await store.close();
  });

  it('reports a data folder that cannot hold a store as unavailable', async () => {
    const blocked = join(root, 'file-not-folder');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(blocked, 'not a folder');
    await expect(openStore({ data: blocked })).rejects.toThrow(StoreUnavailableError);
    const notADatabase = join(root, 'garbage');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(notADatabase);
    writeFileSync(join(notADatabase, 'sway.db'), 'this is not an SQLite database, just text that is long enough to be read as a header');
    await expect(openStore({ data: notADatabase })).rejects.toThrow(StoreUnavailableError);
  });

  it('refuses a --store that is not a Neo4j URL', async () => {
    await expect(openStore({ store: 'http://localhost:7474' })).rejects.toThrow(/not a Neo4j URL/);
  });
});

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
    writeFileSync(
      join(notADatabase, 'sway.db'),
      'this is not an SQLite database, just text that is long enough to be read as a header',
    );
    await expect(openStore({ data: notADatabase })).rejects.toThrow(StoreUnavailableError);
  });

  it('refuses a --store that is not a Neo4j URL', async () => {
    await expect(openStore({ store: 'http://localhost:7474' })).rejects.toThrow(/not a Neo4j URL/);
  });
});

describe('a first import into an empty store', () => {
  /** The people indexes, read from the closed store's file. */
  async function peopleIndexes(data: string): Promise<string[]> {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(data, 'sway.db'), { readonly: true });
    try {
      return db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .pluck()
        .all() as string[];
    } finally {
      db.close();
    }
  }
  async function* batches(rows: Array<[string, string]>) {
    yield {
      people: [],
      relationships: rows.map(([source, target]) => ({ source, target, kind: 'follows' as const, weight: 1 })),
    };
  }
  const indexes = ['people_handle_lc', 'people_id_lc', 'people_label_lc'];

  it('builds the lower-cased id index it dropped, so prefix search still finds people by id', async () => {
    const data = join(root, `first-import-${n++}`);
    const store = new SqliteStore(data);
    await store.init();
    await store.importBatches(
      batches([
        ['Ann', 'bob'],
        ['Ann', 'Carl'],
      ]),
      { source: 'first.edgelist' },
    );
    expect((await store.searchPeople('an')).map((p) => p.id)).toEqual(['Ann']);
    await store.close();
    expect(await peopleIndexes(data)).toEqual(indexes);
  });

  it('keeps the index when the import fails and rolls back', async () => {
    const data = join(root, `first-import-${n++}`);
    const store = new SqliteStore(data);
    await store.init();
    await expect(
      store.importBatches(
        batches([
          ['a', 'b'],
          ['c', ''],
        ]),
        { source: 'bad.edgelist' },
      ),
    ).rejects.toThrow(/bad\.edgelist/);
    expect((await store.counts()).people).toBe(0);
    await store.close();
    expect(await peopleIndexes(data)).toEqual(indexes);
  });
});

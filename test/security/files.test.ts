import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/app/logger.ts';
import { createSwayServer, type SwayServer } from '../../server/app/http.ts';
import { TOKENS_FILE, TokenStore } from '../../server/auth/tokens.ts';
import type { GraphStore } from '../../server/stores/contract.ts';
import { openStore } from '../../server/stores/open.ts';
import { SQLITE_FILE } from '../../server/stores/sqlite/store.ts';
import { createClient, finished } from '../server/api/harness.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('security: store files and uploads (real stores, real HTTP)', () => {
  let data: string;
  let store: GraphStore;
  let tokens: TokenStore;
  let app: SwayServer;
  let api: string;
  let admin: string;
  beforeAll(async () => {
    // A folder created as users' tools usually do (0755), holding a killed server's leftover upload.
    data = mkdtempSync(join(tmpdir(), 'sway-security-files-'));
    rmSync(data, { recursive: true });
    mkdirSync(join(data, 'uploads', 'sway-upload-killed'), { recursive: true, mode: 0o755 });
    writeFileSync(join(data, 'uploads', 'sway-upload-killed', 'customers.csv'), 'ann,bob\n');
    store = await openStore({ data });
    tokens = new TokenStore(data);
    admin = tokens.create({ role: 'admin' }).token;
    app = createSwayServer({ store, storeOptions: { data }, tokens, log: createLogger({ level: 'silent' }) });
    api = `${(await app.listen(0, '127.0.0.1')).url}api`;
  });
  afterAll(async () => {
    await app?.close();
    tokens?.close();
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('creates sway.db and tokens.sqlite (and their WAL files) 0600 in a 0700 folder', () => {
    expect(mode(data)).toBe(0o700);
    for (const name of [SQLITE_FILE, TOKENS_FILE, `${SQLITE_FILE}-wal`, `${TOKENS_FILE}-wal`]) {
      if (!name.endsWith('-wal')) expect(existsSync(join(data, name))).toBe(true);
      if (existsSync(join(data, name))) expect(mode(join(data, name))).toBe(0o600);
    }
  });

  it('removes stale upload folders at start-up and keeps uploads under the data folder, privately', async () => {
    const uploads = join(data, 'uploads');
    expect(existsSync(join(uploads, 'sway-upload-killed'))).toBe(false);
    expect(app.services.uploadDir).toBe(uploads);
    expect(mode(uploads)).toBe(0o700);
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('sway-upload-')).length;
    const client = createClient(api, admin);
    const job = await client.imports.create.mutate({ content: 'ann bob\nbob cat\n', format: 'edgelist', score: false });
    expect((await finished(client, job.id)).status).toBe('succeeded');
    expect(readdirSync(uploads)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('sway-upload-')).length).toBeLessThanOrEqual(before);
  });
});

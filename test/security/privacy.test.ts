import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../server/stores/sqlite/store.ts';
import { csvSafeText } from '../../server/views/csv-cells.ts';
import { RESCORE_LOCK } from '../../server/usecases/rescore.ts';
import { sway } from '../scripts/rescore-suite.ts';
import { seedStar } from '../server/api/fixtures.ts';
import { batchesOf, failure, finished, startTestServer, type TestServer } from '../server/api/harness.ts';

/** Whether any of the texts is in the store's files (the database and its write-ahead log), as bytes. */
function inStoreFiles(data: string, texts: string[]): string[] {
  const bytes = [SQLITE_FILE, `${SQLITE_FILE}-wal`]
    .filter((name) => existsSync(join(data, name)))
    .map((name) => readFileSync(join(data, name)));
  return texts.filter((text) => bytes.some((b) => b.includes(Buffer.from(text))));
}

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

const ERASED = { id: 'zq-erase-me', label: 'Zelda Quarantine', handle: 'zeldaquarantine' };

describe('security: erasure leaves nothing in the store files, with an external reader open (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: async (store) => {
        await seedStar(store);
        await store.importBatches(
          batchesOf({
            people: [ERASED],
            relationships: [{ source: ERASED.id, target: 'ann', kind: 'influences', weight: 1 }],
          }),
          { source: 'one more' },
        );
      },
      score: true,
    });
  });
  afterAll(() => server?.close());

  it('checkpoints and truncates the write-ahead log once the reader lets go', async () => {
    // Another process's reader (a backup, a BI tool) holding a read transaction on the old snapshot.
    const reader = new Database(join(server.data, SQLITE_FILE), { readonly: true });
    reader.prepare('BEGIN').run();
    expect(reader.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 5 });
    const admin = server.client('admin');
    expect(await admin.admin.erasePerson.mutate({ id: ERASED.id, reason: 'data-subject-request' })).toMatchObject({
      erased: true,
    });
    reader.prepare('COMMIT').run();
    reader.close();
    const texts = [ERASED.id, ERASED.label, ERASED.handle];
    expect(await until(() => inStoreFiles(server.data, texts).length === 0)).toBe(true);
    // And after a re-scoring too.
    const job = await server.client('analyst').scores.rescore.mutate({ force: true });
    expect((await finished(server.client('analyst'), job.id)).status).toBe('succeeded');
    expect(inStoreFiles(server.data, texts)).toEqual([]);
  });

  it('stores the reason as a code and a ticket reference as a hash, never free text', async () => {
    const admin = server.client('admin');
    const refused = await failure(
      admin.admin.erasePerson.mutate({ id: 'dan', reason: 'request from Ivo Cruz via email' as never }),
    );
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    await admin.admin.erasePerson.mutate({ id: 'dan', reason: 'consent-withdrawn', ticket: 'HELP-4242 Ivo Cruz' });
    const [record] = await admin.admin.auditLog.query({ limit: 1 });
    expect(record.details).toMatchObject({ reason: 'consent-withdrawn' });
    expect(record.details.ticketHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain('HELP-4242');
    expect(JSON.stringify(record)).not.toContain('Ivo');
  });
});

describe('security: an import during a held re-scoring lock reports what the store holds', () => {
  it('succeeds with the re-scoring deferred, and the people are there', async () => {
    const server = await startTestServer({ seed: seedStar, score: true });
    try {
      // `sway rescore` from cron, in another process of this machine, holds the lock.
      expect(await server.store.acquireLock(RESCORE_LOCK, 'cron-run', { staleAfterMs: 60_000 })).toBe(true);
      const admin = server.client('admin');
      const job = await admin.imports.create.mutate({ content: 'eve fay\nfay gus\n', format: 'edgelist' });
      const done = await finished(admin, job.id);
      expect(done.status).toBe('succeeded');
      const result = done.result as { people: number; scoring: unknown; scoringDeferred: string | null };
      expect(result.scoring).toBeNull();
      expect(result.scoringDeferred).toMatch(/import was committed; re-scoring was deferred/);
      expect(await server.store.getPerson('fay')).not.toBeNull();
      await server.store.releaseLock(RESCORE_LOCK, 'cron-run');
    } finally {
      await server.close();
    }
  });
});

describe('security: sway rescore says only counts of movers in a JSON log, unless asked for ids', () => {
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-security-movers-'));
    const file = join(data, 'net.txt');
    writeFileSync(file, 'mover-ann mover-bob\nmover-bob mover-cat\nmover-cat mover-ann\nmover-dan mover-ann\n');
    expect((await sway(['import', file, '--format', 'edgelist', '--data', data])).code).toBe(0);
    expect((await sway(['rescore', '--data', data, '--json'])).code).toBe(0);
    writeFileSync(file, 'mover-eve mover-bob\nmover-fay mover-bob\nmover-gus mover-bob\n');
    expect((await sway(['import', file, '--format', 'edgelist', '--data', data])).code).toBe(0);
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('defaults to counts with --json, and --movers ids / none say more / nothing', async () => {
    const counts = await sway(['rescore', '--data', data, '--json']);
    expect(counts.code).toBe(0);
    const summary = JSON.parse(counts.stdout);
    expect(typeof summary.movers.risers).toBe('number');
    expect(summary.movers.risers).toBeGreaterThan(0);
    expect(counts.stdout).not.toContain('mover-');
    const file = join(data, 'more.txt');
    writeFileSync(file, 'mover-hal mover-cat\nmover-ivy mover-cat\nmover-jon mover-cat\nmover-kim mover-cat\n');
    expect((await sway(['import', file, '--format', 'edgelist', '--data', data])).code).toBe(0);
    const ids = await sway(['rescore', '--data', data, '--json', '--movers', 'ids']);
    expect(JSON.parse(ids.stdout).movers.risers[0].id).toMatch(/^mover-/);
    const none = await sway(['rescore', '--data', data, '--json', '--movers', 'none']);
    expect(JSON.parse(none.stdout).movers).toBeNull();
    const bad = await sway(['rescore', '--data', data, '--movers', 'everything']);
    expect(bad.code).toBe(2);
  });
});

describe('security: CSV exports neutralise formulas', () => {
  it('quotes text cells that a spreadsheet would run, whatever their first character, and nothing else', () => {
    for (const text of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) expect(csvSafeText(text)).toBe(`'${text}`);
    for (const text of ['ann', '1-2', "'=already", ' =x', '']) expect(csvSafeText(text)).toBe(text);
  });

  it('writes cells that start with = + - @ tab or CR with a leading quote, numbers unchanged', async () => {
    const data = mkdtempSync(join(tmpdir(), 'sway-security-export-'));
    try {
      const file = join(data, 'evil.csv');
      const evil = ['=HYPERLINK("http://evil.example/x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];
      writeFileSync(
        file,
        ['source,target', ...evil.map((id) => `"${id.replaceAll('"', '""')}",plain`)].join('\n') + '\n',
      );
      // The importer trims cells, so a leading tab or carriage return does not reach an id (csvSafeText covers them).
      expect((await sway(['import', file, '--format', 'csv', '--data', data])).code).toBe(0);
      expect((await sway(['score', '--data', data])).code).toBe(0);
      const out = join(data, 'scores.csv');
      expect((await sway(['export', 'scores', '--data', data, '--out', out])).code).toBe(0);
      const ids = (parse(readFileSync(out, 'utf8'), { columns: true }) as Array<{ id: string }>).map((row) => row.id);
      for (const id of ids) expect(id).not.toMatch(/^[=+\-@\t\r]/);
      expect(ids).toContain(`'=HYPERLINK("http://evil.example/x","click")`);
      expect(ids).toContain(`'@SUM(A1)`);
      expect(ids).toContain('plain');
      // Negative numbers stay numbers.
      const json = await sway(['export', 'scores', '--data', data, '--format', 'json']);
      expect(JSON.parse(json.stdout).rows.length).toBe(ids.length);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

describe('the app served from the same process (real HTTP)', () => {
  let server: TestServer;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = join(mkdtempSync(join(tmpdir(), 'sway-static-')), 'dist');
    server = await startTestServer({ server: { clientDir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(join(clientDir, '..'), { recursive: true, force: true });
  });

  it('serves a client built after the server started, and a rebuilt one, without a restart', async () => {
    const before = await fetch(server.url);
    expect(before.status).toBe(404);
    expect((await before.json()).error).toBe(
      'Not found. The API is served under /api; the app is not built (npm run build, or restart `sway serve`, which builds it).',
    );

    mkdirSync(join(clientDir, 'assets'), { recursive: true });
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>first build</title>');
    writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const first = await fetch(server.url);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('first build');
    // An app route without an extension gets the app too; the favicon is there (no 404 in the browser's console).
    expect(await (await fetch(`${server.url}communities`)).text()).toContain('first build');
    const icon = await fetch(`${server.url}favicon.svg`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);

    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>second build</title>');
    expect(await (await fetch(server.url)).text()).toContain('second build');
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
  });
});

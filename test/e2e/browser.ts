import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { inject } from 'vitest';

/**
 * What the browser tests need: Debian's Chromium (never a downloaded browser), the client built by Vite, and `sway`
 * commands run as a user would run them.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = `${ROOT}test-artifacts`;
const SWAY = `${ROOT}scripts/sway.mjs`;

export const haveChromium = existsSync(CHROMIUM);
/**
 * In CI a missing browser is a failure; on a developer's machine the browser tests are skipped with a plain message.
 */
export const runBrowserTests = haveChromium || process.env.CI === 'true';

export function requireChromium(): void {
  if (!haveChromium)
    throw new Error(`${CHROMIUM} not found: CI must install Debian's chromium package (apt-get install chromium)`);
}

/** Builds the client into `outDir` (not client/dist, which a developer's running server may be serving). */
export async function buildClient(outDir: string): Promise<void> {
  await build({ configFile: `${ROOT}client/vite.config.ts`, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** How long a browser test file waits for another file's build of the client before it gives up. */
const SHARED_BUILD_WAIT_MS = 150_000;

/**
 * The client, built once per `vitest run` into the folder test/e2e/global-setup.ts provides: the test files run in
 * separate processes, so the first to get here takes the lock (an atomic mkdir) and builds, and the others wait for
 * its 'ready' marker, or its 'failed' marker with the builder's error. Outside that global setup (no folder
 * provided), the client is built into `ownDir`. Returns the folder to serve.
 */
export async function sharedClient(ownDir: string): Promise<string> {
  const folder = inject('e2eClientFolder');
  if (!folder) {
    await buildClient(ownDir);
    return ownDir;
  }
  const dist = join(folder, 'dist');
  const ready = join(folder, 'ready');
  const failed = join(folder, 'failed');
  try {
    mkdirSync(join(folder, 'lock'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await waitForSharedBuild(ready, failed);
    return dist;
  }
  try {
    await buildClient(dist);
  } catch (error) {
    // Written whole, then renamed, so a waiting file never reads half a message.
    writeFileSync(`${failed}.partial`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    renameSync(`${failed}.partial`, failed);
    throw error;
  }
  writeFileSync(ready, '');
  return dist;
}

async function waitForSharedBuild(ready: string, failed: string): Promise<void> {
  const until = Date.now() + SHARED_BUILD_WAIT_MS;
  for (;;) {
    if (existsSync(ready)) return;
    if (existsSync(failed))
      throw new Error(`The client build another browser test file started failed:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() > until)
      throw new Error(
        `The client build another browser test file started did not finish in ${SHARED_BUILD_WAIT_MS / 1000} s ` +
          `(no 'ready' or 'failed' marker in ${dirname(ready)}; did its process die?)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A page at 1,280 x 800 that records its errors (uncaught exceptions, console errors such as a 404) in `errors`. */
export async function newPage(browser: Browser): Promise<Page & { errors: string[] }> {
  const page = Object.assign(await browser.newPage({ viewport: { width: 1280, height: 800 } }), {
    errors: [] as string[],
  });
  page.on('pageerror', (error) => page.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(`console error: ${message.text()} (${message.location().url})`);
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

/** Runs `sway <args>` to completion and returns its output; a non-zero exit is an error with stderr. */
export function sway(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SWAY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`sway ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

export interface Serving {
  url: string;
  /** Everything it printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `sway serve` on an ephemeral loopback port and resolves once it prints its address (and, with --demo, the
 * token).
 */
export function serve(args: string[], ready: RegExp = /Sway is serving (\S+)/): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [SWAY, 'serve', '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn', ...args],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sway serve did not start in 120 s: ${out}${err}`)), 120_000);
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const address = /Sway is serving (\S+)/.exec(out);
      if (address && ready.test(out)) {
        clearTimeout(timer);
        resolve({
          url: address[1].endsWith('/') ? address[1] : `${address[1]}/`,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sway serve exited (${code}) before it was ready: ${out}${err}`));
    });
  });
}

/** A query procedure over plain HTTP, as tRPC serves it (GET /api/<path>?input=...). */
export async function query<T>(url: string, token: string, path: string, input?: unknown): Promise<T> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${url}api/${path}${search}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${path}: ${response.status} ${body.error?.message ?? ''}`);
  return body.result.data;
}

/** Waits until the server has a score version (`sway serve` scores a new store in the background). */
export async function waitForScores(url: string, token: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const summary = await query<{ scoreVersion: number | null; rescoring: boolean }>(url, token, 'graph.summary');
    if (summary.scoreVersion !== null && !summary.rescoring) return;
    if (Date.now() > until) throw new Error('the server did not finish scoring in time');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Waits for a performance measure the app records (see the Explorer and the graph canvas) and returns its duration. */
export async function measure(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => performance.getEntriesByName(n, 'measure').at(-1)?.duration, name, {
    timeout: 60_000,
  });
  return (await handle.jsonValue()) as number;
}

/** A demo server for one browser test file, with the browser to drive it; `stop` ends both and removes `work`. */
export interface Demo {
  /** The file's own temporary folder. */
  work: string;
  /** The demo's store, for `sway` commands run beside the server. */
  data: string;
  /** The built client the server serves. */
  clientDir: string;
  server: Serving;
  /** The demo admin token `sway serve --demo` printed. */
  token: string;
  /** The sign-in link it printed (the token in the fragment). */
  link: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Everything a browser test file starts from: the client (built once per run, see `sharedClient`), Chromium, and
 * `sway serve --demo` on a store in a new temporary folder named after `name`, its scores ready. If a step fails,
 * what was started is stopped before the error is thrown.
 */
export async function startDemo(name: string): Promise<Demo> {
  requireChromium();
  const work = mkdtempSync(join(tmpdir(), `sway-e2e-${name}-`));
  const data = join(work, 'demo');
  let browser: Browser | undefined;
  let server: Serving | undefined;
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const clientDir = await sharedClient(join(work, 'client'));
    browser = await launchChromium();
    server = await serve(['--demo', '--data', data, '--client', clientDir], /Demo admin token[^\n]*: (\S+)\n/);
    const token = /Demo admin token[^\n]*: (\S+)/.exec(server.output())![1];
    const link = /Open this link to sign in: (\S+)/.exec(server.output())![1];
    await waitForScores(server.url, token);
    return { work, data, clientDir, server, token, link, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

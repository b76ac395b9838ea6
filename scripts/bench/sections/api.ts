import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBatches } from '../../../graph/import/index.ts';
import { Random } from '../../../graph/random.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { scoreStore } from '../../../server/jobs/score.ts';
import { openStore } from '../../../server/stores/open.ts';
import { constantRateLoad, type LoadResult } from '../load.ts';
import type { BenchContext, BenchSection } from '../section.ts';

const RATE = 200;
const LOADED_SECONDS = 30;
const IDLE_SECONDS = 10;
const WARMUP_SECONDS = 3;
const TARGET_P99_MS = 50;
const SWAY = fileURLToPath(new URL('../../sway.mjs', import.meta.url));

interface Phase {
  name: string;
  get: LoadResult;
  search: LoadResult;
  rescorings: number;
}

/**
 * `sway serve` on a SQLite store holding epinions (75,879 people, 508,837 relationships), in its own process on
 * loopback; a constant-rate load (load.ts, loadtest) sends people.get (random people) and people.search (random id
 * prefixes), each at a steady 200 requests/s, first with the server idle (the baseline), then for 30 s while the
 * server re-scores epinions in its job worker, starting a new re-scoring whenever one finishes. Requests go out on
 * schedule whether or not earlier ones were answered, so queueing behind a busy server counts.
 */
export const apiSection: BenchSection = {
  id: 'api',
  title: `API latency: people.get + people.search at ${RATE} requests/s each, idle and during a re-scoring of epinions`,
  async run(context) {
    const dataset = join(context.datasetsDir, 'epinions.edgelist');
    if (!existsSync(dataset)) {
      context.log(`skipped: ${dataset} not found`);
      return;
    }
    const data = mkdtempSync(join(tmpdir(), 'sway-bench-api-'));
    let server: ChildProcess | null = null;
    try {
      const { ids, token } = await prepareStore(context, dataset, data);
      server = spawn(process.execPath, [SWAY, 'serve', '--data', data, '--port', '0', '--log-level', 'warn'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const base = await serverUrl(server);
      const api = `${base}api`;
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${api}/${path}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
        });
      // The server loads the snapshot and the score view in the background; wait for them.
      for (let tries = 0; tries < 600; tries++) {
        const summary = await call('graph.summary').then((r) => r.json());
        if (summary.result?.data?.scoreVersion) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // The setup's garbage would otherwise be collected during a measured phase, delaying requests from this process.
      (globalThis as { gc?: () => void }).gc?.();
      // Warm-up, not reported: the server's first requests compile its code paths.
      await load(base, token, ids, WARMUP_SECONDS);
      const phases: Phase[] = [];
      phases.push({ name: 'idle', ...(await load(base, token, ids, IDLE_SECONDS)), rescorings: 0 });
      const rescoring = keepRescoring(call);
      const loaded = await load(base, token, ids, LOADED_SECONDS);
      const rescorings = await rescoring.stop();
      phases.push({ name: 're-scoring', ...loaded, rescorings: rescorings.completed });

      const rows: Array<Array<string | number>> = [];
      for (const phase of phases) {
        for (const [procedure, result] of [
          ['people.get', phase.get],
          ['people.search', phase.search],
        ] as const) {
          rows.push([
            phase.name,
            procedure,
            result.requests,
            result.p50,
            result.p90,
            result.p99,
            result.max,
            result.errors,
          ]);
        }
      }
      context.table(['phase', 'procedure', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors'], rows);
      const [idle, busy] = phases;
      context.log(
        `re-scorings during the loaded phase: ${rescorings.completed} finished, ${rescorings.started} started ` +
          `(a re-scoring was running ${(100 * rescorings.busyFraction).toFixed(0)}% of the time; each took ${rescorings.meanSeconds.toFixed(1)} s on average)`,
      );
      for (const key of ['get', 'search'] as const) {
        const ratio = busy[key].p99 / Math.max(1, idle[key].p99);
        const errors = busy[key].errors;
        const ok = busy[key].p99 < TARGET_P99_MS && errors === 0;
        context.log(
          `people.${key}: p99 ${busy[key].p99} ms during re-scoring vs ${idle[key].p99} ms idle (ratio ${ratio.toFixed(2)}); ` +
            `${errors} errors; target p99 < ${TARGET_P99_MS} ms and 0 errors: ${ok ? 'met' : 'NOT MET'}`,
        );
      }
    } finally {
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
      rmSync(data, { recursive: true, force: true });
    }
  },
};

/** Imports and scores epinions into a fresh store (as `sway import` and `sway score` do) and makes an analyst token. */
async function prepareStore(context: BenchContext, dataset: string, data: string) {
  const store = await openStore({ data });
  try {
    let started = performance.now();
    const imported = await store.importBatches(readBatches(dataset, { format: 'edgelist', kind: 'trusts' }), {
      source: 'epinions.edgelist',
    });
    const importSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const scored = await scoreStore(store, {});
    context.log(
      `setup: imported ${imported.relationships.toLocaleString('en-US')} relationships in ${importSeconds.toFixed(1)} s, ` +
        `first scoring in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const random = new Random(7);
    const ids = Array.from({ length: 5000 }, () => scored.set.ids[random.nextInt(scored.set.ids.length)]);
    const tokens = new TokenStore(data);
    const token = tokens.create({ role: 'analyst', name: 'bench' }).token;
    tokens.close();
    return { ids, token };
  } finally {
    await store.close();
  }
}

function serverUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/\S+\/)/.exec(output);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`sway serve exited with code ${code} before listening`)));
  });
}

/** Both procedures at RATE requests/s each, at the same time, for `seconds`. */
async function load(
  base: string,
  token: string,
  ids: string[],
  seconds: number,
): Promise<{ get: LoadResult; search: LoadResult }> {
  const random = new Random(11);
  const pick = () => ids[random.nextInt(ids.length)];
  const query = (procedure: string, input: unknown) =>
    `/api/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const headers = { authorization: `Bearer ${token}` };
  const [get, search] = await Promise.all([
    constantRateLoad({ base, headers, rate: RATE, seconds, path: () => query('people.get', { id: pick() }) }),
    constantRateLoad({
      base,
      headers,
      rate: RATE,
      seconds,
      path: () => query('people.search', { query: pick().slice(0, 1 + random.nextInt(3)), limit: 10 }),
    }),
  ]);
  return { get, search };
}

/** Starts a forced re-scoring and starts another whenever one finishes, until stopped. */
function keepRescoring(call: (path: string, init?: RequestInit) => Promise<Response>) {
  let stopped = false;
  let started = 0;
  let completed = 0;
  let busyMs = 0;
  let jobMs = 0;
  const began = performance.now();
  const loop = (async () => {
    while (!stopped) {
      const jobStarted = performance.now();
      const job = await call('scores.rescore', { method: 'POST', body: JSON.stringify({ force: true }) }).then((r) =>
        r.json(),
      );
      const id = job.result.data.id as string;
      started++;
      let status = 'running';
      while (!stopped && (status === 'running' || status === 'queued')) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const state = await call(`jobs.get?input=${encodeURIComponent(JSON.stringify({ id }))}`).then((r) => r.json());
        status = state.result.data.status;
      }
      busyMs += performance.now() - jobStarted;
      if (status === 'succeeded') {
        completed++;
        jobMs += performance.now() - jobStarted;
      } else if (stopped) {
        await call('jobs.cancel', { method: 'POST', body: JSON.stringify({ id }) });
      }
    }
  })();
  return {
    async stop() {
      const window = performance.now() - began;
      stopped = true;
      await loop;
      return {
        started,
        completed,
        busyFraction: Math.min(1, busyMs / window),
        meanSeconds: completed > 0 ? jobMs / completed / 1000 : 0,
      };
    },
  };
}

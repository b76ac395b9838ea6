import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, InputError, InvalidOptionsError } from '../../../graph/errors.ts';
import { readBatches } from '../../../graph/import/index.ts';
import type { ImportBatch, Person, Relationship } from '../../../graph/model.ts';
import type { ScoreSet } from '../../../graph/scores/types.ts';
import { SnapshotBuilder } from '../../../graph/snapshot.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { compareRelationships } from '../../../server/stores/ego.ts';
import { RETENTION_DEFAULTS } from '../../../server/stores/retention.ts';
import { beforeBatches, BEFORE_PEOPLE, CHILD_BATCHES, childBatches, childScoreSet } from './fixtures/crash-data.ts';

/** One test's storage: fresh and empty when handed out. */
export interface StoreUnderTest {
  /** Opens and initialises a store on this storage; every call is a new instance (a new connection). */
  open(): Promise<GraphStore>;
  /** How a child process opens the same storage (the JSON in SWAY_TEST_STORE, given to openStore). */
  childTarget: { data?: string; store?: string };
  /** The files the store keeps data in, to check that erased data is gone from them (file-based stores). */
  files?(): string[];
}

export interface StoreFactory {
  fresh(): Promise<StoreUnderTest>;
}

const CHILD = join(import.meta.dirname, 'fixtures/store-child.ts');

// A small network, written by hand: every expectation below is worked out from it.
const ALICE: Person = {
  id: 'alice',
  label: 'Alice Martin',
  handle: '@amartin',
  segment: 'retail',
  region: 'north',
  channels: ['email', 'social'],
  customer: true,
  clv: 1200.5,
  sentiment: 0.8,
};
const NETWORK_PEOPLE: Person[] = [
  ALICE,
  { id: 'bob', label: 'Bob Stone', handle: '@bstone', customer: false },
  { id: 'Carol-7', label: 'Carol Älvsjö', handle: '@carol' },
  { id: 'dave' },
  { id: 'under_score', label: '100% sure' },
];
const NETWORK_RELATIONSHIPS: Relationship[] = [
  { source: 'alice', target: 'bob', kind: 'influences', weight: 2 },
  { source: 'bob', target: 'alice', kind: 'trusts', weight: 1, rating: 0.5 },
  { source: 'alice', target: 'Carol-7', kind: 'follows', weight: 1, channel: 'email', time: 1_700_000_000 },
  { source: 'Carol-7', target: 'dave', kind: 'influences', weight: 3, rating: -1 },
  { source: 'bob', target: 'dave', kind: 'influences', weight: 1 },
];

function meta(families: string[] = ['test']): ScoreSet['meta'] {
  return {
    graphVersion: 1,
    computedAt: '2026-01-01T00:00:00.000Z',
    families,
    options: { seed: 1 },
    summary: { note: 'test' },
    durationsMs: { test: 1 },
  };
}

async function* iterate(batches: ImportBatch[]): AsyncGenerator<ImportBatch> {
  for (const batch of batches) yield batch;
}

async function collect<T>(rows: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const byId = (a: Person, b: Person) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything a reader can see of a store, in a canonical order. */
async function stateOf(store: GraphStore) {
  const people: Person[] = [];
  const relationships: Relationship[] = [];
  let personAfterRelationship = false;
  await store.streamGraph({
    addPerson: (p) => {
      if (relationships.length > 0) personAfterRelationship = true;
      people.push(p);
    },
    addRelationship: (r) => relationships.push(r),
  });
  expect(personAfterRelationship).toBe(false);
  people.sort(byId);
  relationships.sort(compareRelationships);
  const table = await store.readScores();
  return {
    people,
    relationships,
    counts: await store.counts(),
    scoreVersion: table?.version ?? null,
    scores: table ? await collect(table.rows) : null,
  };
}

/** What a graph looks like after merging batches into it: people merge field by field, relationships by key. */
function merged(people: Person[], relationships: Relationship[], batches: ImportBatch[]) {
  const p = new Map(people.map((x) => [x.id, { ...x }]));
  const r = new Map(relationships.map((x) => [`${x.source}\u0000${x.target}\u0000${x.kind}`, x]));
  for (const batch of batches) {
    for (const person of batch.people) p.set(person.id, { ...p.get(person.id), ...person });
    for (const rel of batch.relationships) {
      for (const id of [rel.source, rel.target]) if (!p.has(id)) p.set(id, { id });
      r.set(`${rel.source}\u0000${rel.target}\u0000${rel.kind}`, rel);
    }
  }
  return { people: [...p.values()].sort(byId), relationships: [...r.values()].sort(compareRelationships) };
}

/** Runs the crash-test child; `until` sees each stdout line and says when to SIGKILL it. */
function runChild(
  mode: string,
  target: StoreUnderTest,
  until: (line: string) => boolean,
): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
      env: { ...process.env, SWAY_TEST_STORE: JSON.stringify(target.childTarget) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      for (const line of chunk.toString().split('\n')) {
        if (!killed && line && until(line)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', () => resolve({ killed, output }));
  });
}

/**
 * The store contract: every GraphStore implementation passes this suite (test/server/stores/sqlite.test.ts,
 * test/server/stores/neo4j.test.ts).
 */
export function storeContract(name: string, factory: () => StoreFactory): void {
  describe(`${name} store contract`, () => {
    let target: StoreUnderTest;
    let store: GraphStore;
    const opened: GraphStore[] = [];
    const open = async () => {
      const s = await target.open();
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      target = await factory().fresh();
      store = await open();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close().catch(() => undefined);
    });

    async function loadNetwork(s: GraphStore = store): Promise<void> {
      await s.importBatches(iterate([{ people: NETWORK_PEOPLE, relationships: NETWORK_RELATIONSHIPS }]), {
        source: 'network.csv',
      });
    }

    describe('people and relationships', () => {
      it('starts empty, and init() again changes nothing', async () => {
        expect(await store.counts()).toEqual({ people: 0, relationships: 0, graphVersion: 0, scoreVersion: null });
        expect(await store.versions()).toEqual({ graphVersion: 0, scoreVersion: null });
        await store.init();
        const again = await open();
        expect(await again.counts()).toEqual({ people: 0, relationships: 0, graphVersion: 0, scoreVersion: null });
        expect(await again.currentScoreVersion()).toBeNull();
        expect(await again.readScores()).toBeNull();
        expect(await again.getPerson('alice')).toBeNull();
      });

      it('imports a file, and importing it again changes nothing (not even the graph version)', async () => {
        const first = await store.importBatches(
          iterate([{ people: NETWORK_PEOPLE, relationships: NETWORK_RELATIONSHIPS }]),
          { source: 'network.csv' },
        );
        expect(first).toEqual({ people: 5, relationships: 5, graphVersion: 1 });
        const before = await stateOf(store);
        expect(before.people).toEqual([...NETWORK_PEOPLE].sort(byId));
        expect(before.relationships).toEqual([...NETWORK_RELATIONSHIPS].sort(compareRelationships));
        expect(before.counts).toEqual({ people: 5, relationships: 5, graphVersion: 1, scoreVersion: null });

        // The same rows, split differently and with bare endpoints as an importer emits them.
        const again = await store.importBatches(
          iterate([
            { people: [{ id: 'alice' }, { id: 'bob' }], relationships: NETWORK_RELATIONSHIPS.slice(0, 2) },
            { people: NETWORK_PEOPLE, relationships: NETWORK_RELATIONSHIPS.slice(2) },
          ]),
          { source: 'network.csv' },
        );
        expect(again.graphVersion).toBe(1);
        expect(await stateOf(store)).toEqual(before);
        // Another instance on the same storage sees the same.
        expect(await stateOf(await open())).toEqual(before);
      });

      it('merges people field by field and relationships by (source, target, kind), bumping the version only on change', async () => {
        await loadNetwork();
        await store.upsertPeople([{ id: 'bob' }, { id: 'dave', label: 'Dave Oak' }]);
        const afterPeople = await store.getPerson('bob');
        expect(afterPeople?.person).toEqual(NETWORK_PEOPLE[1]);
        expect((await store.getPerson('dave'))?.person).toEqual({ id: 'dave', label: 'Dave Oak' });
        expect((await store.counts()).graphVersion).toBe(2);

        await store.upsertPeople([{ id: 'bob' }, { id: 'dave', label: 'Dave Oak' }]);
        expect((await store.counts()).graphVersion).toBe(2);

        await store.upsertRelationships([
          { source: 'alice', target: 'bob', kind: 'influences', weight: 5 },
          { source: 'alice', target: 'bob', kind: 'trusts', weight: 1 },
          { source: 'erin', target: 'alice', kind: 'follows', weight: 1 },
        ]);
        const state = await stateOf(store);
        expect(state.counts).toMatchObject({ people: 6, relationships: 7, graphVersion: 3 });
        expect(state.relationships.filter((r) => r.source === 'alice' && r.target === 'bob')).toEqual([
          { source: 'alice', target: 'bob', kind: 'influences', weight: 5 },
          { source: 'alice', target: 'bob', kind: 'trusts', weight: 1 },
        ]);
        expect(state.people.find((p) => p.id === 'erin')).toEqual({ id: 'erin' });
        // Optional fields are removed when a relationship is written without them.
        await store.upsertRelationships([{ source: 'bob', target: 'alice', kind: 'trusts', weight: 1 }]);
        const bobAlice = (await stateOf(store)).relationships.find((r) => r.source === 'bob' && r.target === 'alice');
        expect(bobAlice).toEqual({ source: 'bob', target: 'alice', kind: 'trusts', weight: 1 });
      });

      it('merges a new person met first bare, then with fields, then bare again, within one file', async () => {
        await store.importBatches(
          iterate([
            {
              people: [{ id: 'nia' }],
              relationships: [{ source: 'nia', target: 'oto', kind: 'influences', weight: 1 }],
            },
            {
              people: [{ id: 'oto', label: 'Oto Reed', clv: 12 }, { id: 'nia', segment: 'b2b' }, { id: 'oto' }],
              relationships: [],
            },
          ]),
          { source: 'mixed.csv' },
        );
        const state = await stateOf(store);
        expect(state.people).toEqual([
          { id: 'nia', segment: 'b2b' },
          { id: 'oto', label: 'Oto Reed', clv: 12 },
        ]);
        expect(state.counts).toMatchObject({ people: 2, relationships: 1, graphVersion: 1 });
      });

      it('keeps the last occurrence of a relationship repeated within a file', async () => {
        await store.importBatches(
          iterate([
            { people: [], relationships: [{ source: 'a', target: 'b', kind: 'influences', weight: 1 }] },
            { people: [], relationships: [{ source: 'a', target: 'b', kind: 'influences', weight: 4, rating: 0.25 }] },
          ]),
          { source: 'repeat.csv' },
        );
        expect((await stateOf(store)).relationships).toEqual([
          { source: 'a', target: 'b', kind: 'influences', weight: 4, rating: 0.25 },
        ]);
      });

      it('returns a person with degrees, and null for an unknown id', async () => {
        await loadNetwork();
        expect(await store.getPerson('alice')).toEqual({ person: ALICE, inDegree: 1, outDegree: 2 });
        expect(await store.getPerson('dave')).toMatchObject({ person: { id: 'dave' }, inDegree: 2, outDegree: 0 });
        expect(await store.getPerson('ALICE')).toBeNull();
      });

      it("streams each relationship's time and channels back, as a snapshot then holds them", async () => {
        await store.upsertRelationships([
          { source: 'p', target: 'q', kind: 'follows', weight: 1, channel: 'forum;email', time: 1_650_000_000 },
          { source: 'q', target: 'r', kind: 'influences', weight: 2, channel: 'email' },
          { source: 'r', target: 'p', kind: 'trusts', weight: 1, time: 1_660_000_000 },
        ]);
        const builder = new SnapshotBuilder();
        await store.streamGraph(builder);
        const snapshot = builder.build();
        const { time, channels, channelNames } = snapshot.edgeAttributes;
        const edges: Record<string, [number, string[]]> = {};
        for (let s = 0; s < snapshot.nodeCount; s++) {
          for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
            const names = channelNames.filter((_, bit) => (channels![e] >>> bit) & 1).sort();
            edges[`${snapshot.ids.idOf(s)}>${snapshot.ids.idOf(snapshot.outTargets[e])}`] = [time![e], names];
          }
        }
        expect(edges).toEqual({
          'p>q': [1_650_000_000, ['email', 'forum']],
          'q>r': [NaN, ['email']],
          'r>p': [1_660_000_000, []],
        });
      });

      it('streams a filtered part of the graph', async () => {
        await loadNetwork();
        const relationships: Relationship[] = [];
        const people: Person[] = [];
        await store.streamGraph(
          { addPerson: (p) => people.push(p), addRelationship: (r) => relationships.push(r) },
          { kinds: ['influences'] },
        );
        expect(people).toHaveLength(5);
        expect(relationships.sort(compareRelationships).map((r) => `${r.source}>${r.target}`)).toEqual([
          'Carol-7>dave',
          'alice>bob',
          'bob>dave',
        ]);
        const rated: Relationship[] = [];
        await store.streamGraph(
          { addPerson: () => undefined, addRelationship: (r) => rated.push(r) },
          { ratedOnly: true },
        );
        expect(rated.map((r) => r.rating).sort()).toEqual([-1, 0.5]);
      });

      it('refuses malformed people and relationships, storing nothing', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        await expect(store.upsertPeople([{ id: 'ok' }, { id: '' }])).rejects.toThrow(InvalidOptionsError);
        await expect(
          store.upsertRelationships([{ source: 'a', target: 'b', kind: 'influences', weight: 0 }]),
        ).rejects.toThrow(/weight/);
        await expect(
          store.upsertRelationships([{ source: 'a', target: 'b', kind: 'influences', weight: 1, rating: 2 }]),
        ).rejects.toThrow(/rating/);
        await expect(
          store.upsertRelationships([{ source: 'a', target: 'b', kind: 'likes' as 'follows', weight: 1 }]),
        ).rejects.toThrow(/kind/);
        await expect(store.upsertPeople([{ id: 'x', sentiment: 3 }])).rejects.toThrow(/sentiment/);
        expect(await stateOf(store)).toEqual(before);
      });
    });

    describe('all-or-nothing imports', () => {
      it('a bad row in the middle of a file aborts the import, naming file, line and field, and keeps what was stored', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        const dir = mkdtempSync(join(tmpdir(), 'sway-import-'));
        try {
          const file = join(dir, 'bad.edgelist');
          const lines = ['# a file with one bad weight'];
          for (let i = 0; i < 40; i++) lines.push(`n${i} n${i + 1}`);
          lines.push('n41 n42 -3');
          lines.push('n42 n43');
          writeFileSync(file, `${lines.join('\n')}\n`);
          // Batches of 5: eight batches reach the store before the bad line is read.
          const error = await store
            .importBatches(readBatches(file, { format: 'edgelist', batchSize: 5 }), { source: 'bad.edgelist' })
            .catch((e) => e);
          expect(error).toBeInstanceOf(InputError);
          expect(error).toMatchObject({ file: 'bad.edgelist', line: 42, field: 'weight' });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        expect(await stateOf(store)).toEqual(before);
        expect(await stateOf(await open())).toEqual(before);
      });

      it('an error thrown by the batch source after several batches leaves no trace', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        async function* failing(): AsyncGenerator<ImportBatch> {
          yield {
            people: [{ id: 'alice', label: 'Changed' }],
            relationships: [{ source: 'alice', target: 'bob', kind: 'influences', weight: 9 }],
          };
          yield {
            people: [{ id: 'zed' }],
            relationships: [{ source: 'zed', target: 'dave', kind: 'trusts', weight: 1 }],
          };
          throw new InputError('people.csv', 3, 'clv', 'is not a number');
        }
        await expect(store.importBatches(failing(), { source: 'people.csv' })).rejects.toThrow(
          'people.csv:3: field "clv"',
        );
        expect(await stateOf(store)).toEqual(before);
      });

      it('a malformed row from the batch source is refused and nothing of the file is kept', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        const bad = iterate([
          {
            people: [{ id: 'new1' }],
            relationships: [{ source: 'new1', target: 'alice', kind: 'influences', weight: 1 }],
          },
          { people: [], relationships: [{ source: 'new1', target: 'bob', kind: 'influences', weight: Number.NaN }] },
        ]);
        await expect(store.importBatches(bad, { source: 'x.csv' })).rejects.toThrow(/weight/);
        expect(await stateOf(store)).toEqual(before);
      });

      it('a cancelled import keeps nothing', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        const controller = new AbortController();
        async function* slow(): AsyncGenerator<ImportBatch> {
          yield { people: [{ id: 'c1' }], relationships: [] };
          controller.abort();
          yield { people: [{ id: 'c2' }], relationships: [] };
        }
        await expect(store.importBatches(slow(), { source: 'slow.csv', signal: controller.signal })).rejects.toThrow(
          CancelledError,
        );
        expect(await stateOf(store)).toEqual(before);
      });

      it('a process killed in the middle of an import leaves the previous state, and the next import works', async () => {
        await store.importBatches(iterate(beforeBatches()), { source: 'before' });
        const before = await stateOf(store);
        const run = await runChild('import-pause', target, (line) => line === 'PAUSED');
        expect(run.killed, run.output).toBe(true);
        const reopened = await open();
        expect(await stateOf(reopened)).toEqual(before);
        // The storage is usable: the same file imported by a live process lands whole.
        const result = await reopened.importBatches(iterate(childBatches()), { source: 'crash-test' });
        expect(result.relationships).toBe(CHILD_BATCHES * 500);
        const expected = merged(before.people, before.relationships, childBatches());
        const after = await stateOf(reopened);
        expect(after.people).toEqual(expected.people);
        expect(after.relationships).toEqual(expected.relationships);
        expect(after.counts.graphVersion).toBe(before.counts.graphVersion + 1);
      });

      it('a process killed right after handing over a whole file leaves the file either absent or whole', async () => {
        await store.importBatches(iterate(beforeBatches()), { source: 'before' });
        const before = await stateOf(store);
        const run = await runChild('import-end', target, (line) => line === 'ALL-BATCHES-GIVEN');
        expect(run.killed, run.output).toBe(true);
        const after = await stateOf(await open());
        const expected = merged(before.people, before.relationships, childBatches());
        const whole = after.people.length === expected.people.length;
        if (whole) {
          expect(after.people).toEqual(expected.people);
          expect(after.relationships).toEqual(expected.relationships);
        } else {
          expect(after).toEqual(before);
        }
      });
    });

    describe('score versions', () => {
      const set = (ids: string[], columns: Record<string, number[]>): ScoreSet => ({
        ids,
        columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)])),
        meta: meta(),
      });

      it('writes versions, reads the current one through the pointer and keeps the previous one', async () => {
        await loadNetwork();
        const ids = ['alice', 'bob', 'Carol-7', 'dave', 'under_score'];
        const v1 = await store.writeScoreSet(set(ids, { influence: [1, 2, 3, 4, 5] }));
        const v2 = await store.writeScoreSet(
          set(ids, { influence: [0.5, Number.NaN, 0.25, 0, 1], community: [1, 1, 2, 2, 3] }),
        );
        expect(v2).toBeGreaterThan(v1);
        expect(await store.currentScoreVersion()).toEqual({ version: v2, meta: meta(), people: 5 });
        expect((await store.counts()).scoreVersion).toBe(v2);
        // The cheap probe the API asks every half second agrees with the full counts.
        expect(await store.versions()).toEqual({ graphVersion: 1, scoreVersion: v2 });
        const current = await store.readScores();
        expect(current).toMatchObject({ version: v2, columns: ['influence', 'community'], meta: meta() });
        // In id order; NaN ("no value") reads as null.
        expect(await collect(current!.rows)).toEqual([
          { id: 'Carol-7', scores: { influence: 0.25, community: 2 } },
          { id: 'alice', scores: { influence: 0.5, community: 1 } },
          { id: 'bob', scores: { influence: null, community: 1 } },
          { id: 'dave', scores: { influence: 0, community: 2 } },
          { id: 'under_score', scores: { influence: 1, community: 3 } },
        ]);
        // The same values in the compact form readers align with a snapshot: one array per person, in the columns'
        // order.
        expect(await collect(current!.values)).toEqual([
          ['Carol-7', [0.25, 2]],
          ['alice', [0.5, 1]],
          ['bob', [null, 1]],
          ['dave', [0, 2]],
          ['under_score', [1, 3]],
        ]);

        // A third version kept with a retention of two: the first is pruned, the second stays for the movers summary.
        const v3 = await store.writeScoreSet(set(['alice', 'bob', 'nobody'], { influence: [7, 8, 9] }), {
          retention: { versions: 2, days: 180 },
        });
        expect(await store.readScores(v1)).toBeNull();
        expect(await store.scoreVersions()).toEqual([v2, v3]);
        const previous = await store.readScores(v2);
        expect(previous?.version).toBe(v2);
        expect(await collect(previous!.rows)).toHaveLength(5);
        // Only people in the store get scores; people outside the set have none in this version.
        expect((await store.currentScoreVersion())?.people).toBe(2);
        expect(await collect((await store.readScores(v3))!.rows)).toEqual([
          { id: 'alice', scores: { influence: 7 } },
          { id: 'bob', scores: { influence: 8 } },
        ]);
      });

      it('keeps up to the retention count of versions, newest first, and always the current and the previous one', async () => {
        await loadNetwork();
        const ids = ['alice', 'bob'];
        const written: number[] = [];
        // More versions than the default two of old, fewer than the default count: all are kept.
        for (let k = 1; k <= 5; k++) written.push(await store.writeScoreSet(set(ids, { influence: [k, 10 * k] })));
        expect(RETENTION_DEFAULTS.versions).toBeGreaterThan(5);
        expect(await store.scoreVersions()).toEqual(written);
        for (const version of written) expect(await store.readScores(version)).not.toBeNull();
        // A count of three keeps the three newest.
        written.push(
          await store.writeScoreSet(set(ids, { influence: [6, 60] }), { retention: { versions: 3, days: 180 } }),
        );
        expect(await store.scoreVersions()).toEqual(written.slice(-3));
        expect(await store.readScores(written[2])).toBeNull();
        // Even a count of one keeps the previous version beside the current one (the movers compare them).
        written.push(
          await store.writeScoreSet(set(ids, { influence: [7, 70] }), { retention: { versions: 1, days: 180 } }),
        );
        expect(await store.scoreVersions()).toEqual(written.slice(-2));
        expect(await collect((await store.readScores(written[5]))!.rows)).toEqual([
          { id: 'alice', scores: { influence: 6 } },
          { id: 'bob', scores: { influence: 60 } },
        ]);
      });

      it('drops versions older than the retention age, except the current and the previous one', async () => {
        await loadNetwork();
        const ids = ['alice', 'bob'];
        const old = [];
        for (let k = 1; k <= 3; k++) old.push(await store.writeScoreSet(set(ids, { influence: [k, k] })));
        await new Promise((resolve) => setTimeout(resolve, 120));
        // An age limit of 50 ms: the three versions written before the pause are older than that.
        const latest = await store.writeScoreSet(set(ids, { influence: [4, 4] }), {
          retention: { versions: 12, days: 50 / 86_400_000 },
        });
        expect(await store.scoreVersions()).toEqual([old[2], latest]);
        expect(await store.readScores(old[0])).toBeNull();
        expect(await store.readScores(old[1])).toBeNull();
      });

      it("reads one person's scores of a version by id: the same values as the whole table's row", async () => {
        await loadNetwork();
        const ids = ['alice', 'bob', 'Carol-7'];
        const v1 = await store.writeScoreSet(set(ids, { influence: [1, 2, 3] }));
        const v2 = await store.writeScoreSet(
          set(['alice', 'bob'], { influence: [0.5, Number.NaN], community: [4, 5] }),
        );
        // Default: the current version.
        expect(await store.readPersonScores('bob')).toEqual({
          version: v2,
          meta: meta(),
          columns: ['influence', 'community'],
          values: [null, 5],
        });
        expect(await store.readPersonScores('alice', v1)).toEqual({
          version: v1,
          meta: meta(),
          columns: ['influence'],
          values: [1],
        });
        // In the store but not in that version; not in the store at all.
        expect((await store.readPersonScores('Carol-7', v2))?.values).toBeNull();
        expect((await store.readPersonScores('Carol-7', v1))?.values).toEqual([3]);
        expect((await store.readPersonScores('nobody-at-all', v2))?.values).toBeNull();
        // A version the store does not keep.
        expect(await store.readPersonScores('alice', v2 + 100)).toBeNull();
        // Each point read equals the person's row of the whole table.
        for (const version of [v1, v2]) {
          const table = await store.readScores(version);
          for (const [id, values] of await collect(table!.values)) {
            expect((await store.readPersonScores(id, version))?.values).toEqual(values);
          }
        }
      });

      it('refuses a malformed score set and keeps the current version', async () => {
        await loadNetwork();
        const v1 = await store.writeScoreSet(set(['alice'], { influence: [1] }));
        await expect(store.writeScoreSet(set(['alice'], { 'bad name': [1] }))).rejects.toThrow(InvalidOptionsError);
        await expect(store.writeScoreSet(set(['alice'], { "x'}) DETACH DELETE n //": [1] }))).rejects.toThrow(
          InvalidOptionsError,
        );
        await expect(
          store.writeScoreSet({ ids: ['alice', 'bob'], columns: { influence: new Float64Array(1) }, meta: meta() }),
        ).rejects.toThrow(InvalidOptionsError);
        expect((await store.currentScoreVersion())?.version).toBe(v1);
        expect((await store.counts()).people).toBe(5);
      });

      it('a cancelled score write leaves the previous version current', async () => {
        await store.importBatches(iterate(beforeBatches()), { source: 'before' });
        const v1 = await store.writeScoreSet(childScoreSet(1));
        const controller = new AbortController();
        controller.abort();
        await expect(store.writeScoreSet(childScoreSet(2), { signal: controller.signal })).rejects.toThrow(
          CancelledError,
        );
        expect((await store.currentScoreVersion())?.version).toBe(v1);
      });

      it('concurrent readers during a version switch see the old set or the new one, never a mix', async () => {
        await store.importBatches(iterate(beforeBatches()), { source: 'before' });
        const v1 = await store.writeScoreSet(childScoreSet(1, 60_000));
        const reader = await open();
        let done = false;
        const writing = store.writeScoreSet(childScoreSet(2, 60_000)).finally(() => (done = true));
        const seen = new Set<number>();
        let reads = 0;
        while (!done) {
          const table = await reader.readScores();
          const values = new Set((await collect(table!.rows)).flatMap((r) => [r.scores.influence, r.scores.reach2]));
          expect(values.size).toBe(1);
          expect([...values][0]).toBe(table!.version === v1 ? 1 : 2);
          seen.add(table!.version);
          reads++;
          // Let the writer run: the embedded store answers reads without I/O, so without this the loop would only
          // ever resume from microtasks and starve a writer that yields to the event loop between chunks.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const v2 = await writing;
        expect(reads).toBeGreaterThan(0);
        expect(seen.has(v1)).toBe(true);
        const table = await reader.readScores();
        expect(table!.version).toBe(v2);
        expect(new Set((await collect(table!.rows)).map((r) => r.scores.influence))).toEqual(new Set([2]));
      });

      it('a process killed in the middle of writing a version leaves the previous version readable and whole', async () => {
        await store.importBatches(iterate(beforeBatches()), { source: 'before' });
        const v1 = await store.writeScoreSet(childScoreSet(1));
        const run = await runChild('score-pause', target, (line) => line === 'PAUSED');
        expect(run.killed, run.output).toBe(true);
        const reopened = await open();
        expect((await reopened.currentScoreVersion())?.version).toBe(v1);
        const rows = await collect((await reopened.readScores())!.rows);
        expect(rows).toHaveLength(BEFORE_PEOPLE);
        expect(rows.every((r) => r.scores.influence === 1 && r.scores.reach2 === 1)).toBe(true);
        expect(rows.find((r) => r.id === 'p7')?.scores).toEqual({ influence: 1, reach2: 1 });
        // The half-written version is never readable, and the next write goes past it.
        expect(await reopened.readScores(v1 + 1)).toBeNull();
        const v3 = await reopened.writeScoreSet(childScoreSet(3));
        expect(v3).toBeGreaterThan(v1 + 1);
        expect(new Set((await collect((await reopened.readScores())!.rows)).map((r) => r.scores.influence))).toEqual(
          new Set([3]),
        );
        expect((await reopened.readScores(v1))?.version).toBe(v1);
      });
    });

    describe('search and ego networks', () => {
      it('searches id, label and handle by case-insensitive prefix: id matches first, then label, then handle matches', async () => {
        await loadNetwork();
        const members = Array.from({ length: 30 }, (_, i) => ({ id: `m${i + 1}`, label: `Member ${i + 1}` }));
        await store.upsertPeople(members);
        const ids = async (query: string, limit?: number) =>
          (await store.searchPeople(query, limit ? { limit } : undefined)).map((p) => p.id);
        expect(await ids('al')).toEqual(['alice']);
        expect(await ids('AL')).toEqual(['alice']);
        expect(await ids('car')).toEqual(['Carol-7']);
        expect(await ids('carol ä')).toEqual(['Carol-7']);
        expect(await ids('CAROL Ä')).toEqual(['Carol-7']);
        expect(await ids('@b')).toEqual(['bob']);
        expect(await ids('b')).toEqual(['bob']);
        expect(await ids('stone')).toEqual([]); // a prefix of the label, not of a word in it
        expect(await ids('d')).toEqual(['dave']);
        expect(await ids('under_')).toEqual(['under_score']);
        expect(await ids('100%')).toEqual(['under_score']);
        expect(await ids('under%')).toEqual([]); // no wildcards
        expect(await ids('%')).toEqual([]);
        expect(await ids('')).toEqual([]);
        expect(await ids('m', 5)).toEqual(['m1', 'm10', 'm11', 'm12', 'm13']);
        expect(await ids('member')).toHaveLength(20);
        // Ranked: every id match (by lower-cased id, so M2b sits between m29 and m3) before a label match, even one
        // whose label sorts first; a person matching by id and by label appears once.
        await store.upsertPeople([
          { id: 'zz', label: 'M first' },
          { id: 'M2b', label: 'mmm' },
        ]);
        expect(await ids('m', 40)).toEqual([
          'm1',
          'm10',
          'm11',
          'm12',
          'm13',
          'm14',
          'm15',
          'm16',
          'm17',
          'm18',
          'm19',
          'm2',
          'm20',
          'm21',
          'm22',
          'm23',
          'm24',
          'm25',
          'm26',
          'm27',
          'm28',
          'm29',
          'M2b',
          'm3',
          'm30',
          'm4',
          'm5',
          'm6',
          'm7',
          'm8',
          'm9',
          'zz',
        ]);
        expect(await ids('m', 32)).toEqual((await ids('m', 40)).slice(0, 32));
        expect((await store.searchPeople('alice'))[0]).toEqual(ALICE);
        await expect(store.searchPeople('a', { limit: 0 })).rejects.toThrow(InvalidOptionsError);
      });

      // c's ties: a (c->a 3, a->c 1: 4), b (b->c 2), d (c->d 2), e (e->c 1); ring 2 through them: x (a->x 5),
      // y (b->y 1, d->y 1: 2), z (z->e 2); w is three hops away (x->w).
      const EGO: Relationship[] = [
        ['c', 'a', 3],
        ['a', 'c', 1],
        ['b', 'c', 2],
        ['c', 'd', 2],
        ['e', 'c', 1],
        ['a', 'b', 1],
        ['a', 'x', 5],
        ['b', 'y', 1],
        ['d', 'y', 1],
        ['z', 'e', 2],
        ['x', 'w', 1],
      ].map(([source, target, weight]) => ({
        source: source as string,
        target: target as string,
        kind: 'influences' as const,
        weight: weight as number,
      }));
      const edges = (r: Relationship[]) => r.map((x) => `${x.source}>${x.target}`);

      it('returns ego networks ring by ring, strongest ties first, cut at the limit', async () => {
        await store.upsertRelationships(EGO);
        const one = await store.ego('c');
        expect(one!.people.map((p) => p.id)).toEqual(['c', 'a', 'b', 'd', 'e']);
        expect(one!.truncated).toBe(false);
        expect(edges(one!.relationships)).toEqual(['a>b', 'a>c', 'b>c', 'c>a', 'c>d', 'e>c']);

        const cut = await store.ego('c', { limit: 3 });
        expect(cut!.people.map((p) => p.id)).toEqual(['c', 'a', 'b']);
        expect(cut!.truncated).toBe(true);
        expect(edges(cut!.relationships)).toEqual(['a>b', 'a>c', 'b>c', 'c>a']);

        const two = await store.ego('c', { depth: 2 });
        expect(two!.people.map((p) => p.id)).toEqual(['c', 'a', 'b', 'd', 'e', 'x', 'y', 'z']);
        expect(two!.truncated).toBe(false);
        expect(edges(two!.relationships)).toEqual([
          'a>b',
          'a>c',
          'a>x',
          'b>c',
          'b>y',
          'c>a',
          'c>d',
          'd>y',
          'e>c',
          'z>e',
        ]);

        expect((await store.ego('c', { depth: 2, limit: 6 }))!.people.map((p) => p.id)).toEqual([
          'c',
          'a',
          'b',
          'd',
          'e',
          'x',
        ]);
        expect((await store.ego('c', { depth: 2, limit: 5 }))!.truncated).toBe(true);
        expect((await store.ego('w'))!.people.map((p) => p.id)).toEqual(['w', 'x']);
        expect(await store.ego('nobody')).toBeNull();
        await expect(store.ego('c', { depth: 3 as 2 })).rejects.toThrow(InvalidOptionsError);
      });
    });

    describe('right to erasure', () => {
      const ERNA: Person = {
        id: 'erase-me-4711',
        label: 'Erna Rasmussen',
        handle: '@erna4711',
        clv: 99,
        region: 'Fjordby',
      };
      const personal = ['erase-me-4711', 'Erna Rasmussen', '@erna4711', 'erna rasmussen', 'Fjordby'];

      it('removes the person, their relationships and every score version, and keeps an audit record without personal data', async () => {
        await loadNetwork();
        await store.upsertPeople([ERNA]);
        await store.upsertRelationships([
          { source: ERNA.id, target: 'alice', kind: 'influences', weight: 1 },
          { source: 'bob', target: ERNA.id, kind: 'trusts', weight: 2, rating: 1 },
          { source: ERNA.id, target: 'dave', kind: 'follows', weight: 1 },
        ]);
        const ids = ['alice', 'bob', ERNA.id];
        // Four kept versions (more than the current and the previous one): the person goes from every one.
        const versions: number[] = [];
        for (let k = 0; k < 4; k++) {
          versions.push(
            await store.writeScoreSet({
              ids,
              columns: { influence: Float64Array.from([1 + 3 * k, 2 + 3 * k, 3 + 3 * k]) },
              meta: meta(),
            }),
          );
        }
        expect(await store.scoreVersions()).toEqual(versions);
        for (const version of versions) expect((await store.readPersonScores(ERNA.id, version))?.values).not.toBeNull();
        const before = await store.counts();

        expect(await store.erasePerson(ERNA.id, { actor: 'dpo@example.com', reason: 'data-subject-request' })).toBe(
          true,
        );
        expect(await store.erasePerson(ERNA.id, { actor: 'dpo@example.com' })).toBe(false);

        expect(await store.getPerson(ERNA.id)).toBeNull();
        expect(await store.searchPeople('erna')).toEqual([]);
        expect(await store.searchPeople('@erna')).toEqual([]);
        expect(await store.searchPeople('erase')).toEqual([]);
        expect(await store.ego(ERNA.id)).toBeNull();
        expect((await store.ego('bob'))!.people.map((p) => p.id)).not.toContain(ERNA.id);
        const state = await stateOf(store);
        expect(state.people.map((p) => p.id)).not.toContain(ERNA.id);
        expect(state.relationships.filter((r) => r.source === ERNA.id || r.target === ERNA.id)).toEqual([]);
        expect(state.counts).toEqual({
          ...before,
          people: before.people - 1,
          relationships: before.relationships - 3,
          graphVersion: before.graphVersion + 1,
        });
        expect(await store.scoreVersions()).toEqual(versions);
        for (const version of versions) {
          const table = await store.readScores(version);
          expect((await collect(table!.rows)).map((r) => r.id)).toEqual(['alice', 'bob']);
          expect((await store.readPersonScores(ERNA.id, version))?.values).toBeNull();
        }

        const audit = await store.auditLog();
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({
          action: 'erase-person',
          actor: 'dpo@example.com',
          details: { relationships: 3, reason: 'data-subject-request' },
        });
        expect(audit[0].subjectHash).toMatch(/^[0-9a-f]{64}$/);
        expect(Date.parse(audit[0].at)).not.toBeNaN();
        const serialised = JSON.stringify(audit);
        for (const text of personal) expect(serialised).not.toContain(text);

        // The store's files hold none of it either (file-based stores).
        for (const s of opened.splice(0)) await s.close();
        for (const file of target.files?.() ?? []) {
          const bytes = readFileSync(file);
          for (const text of personal) expect(bytes.includes(Buffer.from(text)), `${text} in ${file}`).toBe(false);
        }
      });

      it('erasure of different people leaves different hashes, newest record first', async () => {
        await loadNetwork();
        await store.erasePerson('dave', { actor: 'admin' });
        await store.erasePerson('bob', { actor: 'admin' });
        const audit = await store.auditLog();
        expect(audit.map((a) => a.details.relationships)).toEqual([2, 2]);
        expect(audit[0].subjectHash).not.toBe(audit[1].subjectHash);
        expect(await store.auditLog({ limit: 1 })).toEqual([audit[0]]);
        await expect(store.erasePerson('alice', { actor: '' })).rejects.toThrow(InvalidOptionsError);
      });
    });

    describe('advisory locks', () => {
      it('gives a lock to one owner at a time, and takes over a stale one', async () => {
        expect(await store.acquireLock('rescore', 'one')).toBe(true);
        expect(await store.acquireLock('rescore', 'one')).toBe(true); // the holder refreshes it
        const other = await open();
        expect(await other.acquireLock('rescore', 'two')).toBe(false);
        expect(await other.acquireLock('other-name', 'two')).toBe(true);
        await other.releaseLock('rescore', 'two'); // not the holder: nothing happens
        expect(await other.acquireLock('rescore', 'two')).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(await other.acquireLock('rescore', 'two', { staleAfterMs: 20 })).toBe(true);
        expect(await store.acquireLock('rescore', 'one')).toBe(false);
        await other.releaseLock('rescore', 'two');
        expect(await store.acquireLock('rescore', 'one')).toBe(true);
      });

      it('records who holds a lock: owner, process, host, when taken and refreshed', async () => {
        expect(await store.lockHolder('rescore')).toBeNull();
        const before = Date.now();
        expect(await store.acquireLock('rescore', 'one')).toBe(true);
        const taken = (await store.lockHolder('rescore'))!;
        expect(taken).toMatchObject({ owner: 'one', pid: process.pid, host: hostname() });
        // The server's clock (Neo4j) may differ a little.
        expect(taken.acquiredAt).toBeGreaterThanOrEqual(before - 1000);
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(await store.acquireLock('rescore', 'one')).toBe(true);
        const refreshed = (await store.lockHolder('rescore'))!;
        expect(refreshed.acquiredAt).toBe(taken.acquiredAt);
        expect(refreshed.refreshedAt).toBeGreaterThan(taken.refreshedAt);
        await store.releaseLock('rescore', 'one');
        expect(await store.lockHolder('rescore')).toBeNull();
      });

      it('takes over at once a lock whose holder was a process of this machine that no longer exists', async () => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'lock-hold'], {
          env: { ...process.env, SWAY_TEST_STORE: JSON.stringify(target.childTarget) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise((resolve) => child.on('exit', resolve));
        try {
          await new Promise<void>((resolve, reject) => {
            let output = '';
            child.stdout.on('data', (chunk: Buffer) => {
              output += chunk;
              if (output.includes('LOCKED')) resolve();
            });
            child.stderr.on('data', (chunk: Buffer) => (output += chunk));
            child.on('exit', () => reject(new Error(`the child ended before taking the lock: ${output}`)));
          });
          // Alive: the lock is held, even with an hour to go before it is stale, and the holder is named.
          expect(await store.acquireLock('rescore', 'mine', { staleAfterMs: 3_600_000 })).toBe(false);
          expect(await store.lockHolder('rescore')).toMatchObject({ owner: 'child', pid: child.pid, host: hostname() });
        } finally {
          child.kill('SIGKILL');
          await exited;
        }
        // Killed: nothing can be working under that lock any more.
        expect(await store.acquireLock('rescore', 'mine', { staleAfterMs: 3_600_000 })).toBe(true);
        expect(await store.lockHolder('rescore')).toMatchObject({ owner: 'mine', pid: process.pid });
      });
    });

    describe('injection attempts', () => {
      const ATTACKS = [
        "x' OR '1'='1",
        `"}) MATCH (n) DETACH DELETE n //`,
        `'}) MATCH (n) DETACH DELETE n //`,
        '}',
        '//',
        'MATCH (n) DETACH DELETE n',
        "'; DROP TABLE people; --",
        '$id',
        '{id: "alice"}',
        '`Person`',
        '\\',
      ];

      it('treats quotes, braces, comments and Cypher or SQL in ids, labels and queries as plain text', async () => {
        await loadNetwork();
        const before = await stateOf(store);
        const people = ATTACKS.map((attack, i) => ({ id: attack, label: `${attack} label`, handle: `@${i}${attack}` }));
        await store.upsertPeople(people);
        await store.upsertRelationships(
          ATTACKS.map((attack) => ({
            source: attack,
            target: 'alice',
            kind: 'influences' as const,
            weight: 1,
            channel: attack,
          })),
        );
        for (const attack of ATTACKS) {
          expect((await store.getPerson(attack))?.person).toEqual(people.find((p) => p.id === attack));
          expect((await store.searchPeople(attack)).map((p) => p.id)).toContain(attack);
          expect((await store.ego(attack))!.people.map((p) => p.id)).toEqual([attack, 'alice']);
          expect(await store.erasePerson(`${attack}-absent`, { actor: attack })).toBe(false);
          expect(await store.acquireLock(attack, attack)).toBe(true);
        }
        const after = await stateOf(store);
        expect(after.counts.people).toBe(before.counts.people + ATTACKS.length);
        expect(after.counts.relationships).toBe(before.counts.relationships + ATTACKS.length);
        for (const person of before.people) expect(after.people).toContainEqual(person);
        for (const relationship of before.relationships) expect(after.relationships).toContainEqual(relationship);
        const v = await store.writeScoreSet({
          ids: ATTACKS,
          columns: { influence: new Float64Array(ATTACKS.length).fill(1) },
          meta: meta(),
        });
        expect((await collect((await store.readScores(v))!.rows)).map((r) => r.id).sort()).toEqual([...ATTACKS].sort());
      });
    });
  });
}

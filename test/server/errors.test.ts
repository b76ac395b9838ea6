import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError, InvalidOptionsError, NotFoundError } from '../../graph/errors.ts';
import { createContext } from '../../server/app/context.ts';
import { createSwayServer, type SwayServer } from '../../server/app/http.ts';
import { createLogger } from '../../server/app/logger.ts';
import { TokenStore } from '../../server/auth/tokens.ts';
import { errorOutcome, EXIT, toJobError } from '../../server/errors.ts';
import { createCaller } from '../../server/routers/app-router.ts';
import { Neo4jStore } from '../../server/stores/neo4j/store.ts';
import { LockHeldError, StoreBusyError, StoreUnavailableError } from '../../server/stores/errors.ts';

const SWAY = join(import.meta.dirname, '../../scripts/sway.mjs');
/** A Neo4j URL where nothing listens. */
const NOWHERE = 'bolt://127.0.0.1:1';

describe('one error table: the CLI, the API and jobs say the same', () => {
  it('maps each kind of error to the exit code the README documents, a tRPC code and a job error', () => {
    const cases = [
      [
        new InvalidOptionsError('sway score', '--seed must be a number'),
        EXIT.badConfiguration,
        'BAD_REQUEST',
        'INVALID_OPTIONS',
      ],
      [new InputError('a.csv', 3, 'weight', 'not a number'), EXIT.badInput, 'BAD_REQUEST', 'INVALID_INPUT'],
      [
        new StoreUnavailableError('Neo4j at bolt://db:7687 is unavailable'),
        EXIT.storeUnreachable,
        'SERVICE_UNAVAILABLE',
        'INTERNAL',
      ],
      [new LockHeldError(), EXIT.lockHeld, 'CONFLICT', 'CONFLICT'],
      [new CancelledError('interrupted'), EXIT.computationFailed, 'CLIENT_CLOSED_REQUEST', 'CANCELLED'],
      [new NotFoundError('no score set yet'), EXIT.notFound, 'NOT_FOUND', 'NOT_FOUND'],
      [new StoreBusyError('busy'), EXIT.failure, 'CONFLICT', 'CONFLICT'],
      [new TypeError('a bug'), EXIT.failure, 'INTERNAL_SERVER_ERROR', 'INTERNAL'],
    ] as const;
    for (const [error, exitCode, trpc, job] of cases) {
      expect(errorOutcome(error), error.message).toMatchObject({ exitCode, trpc });
      expect(toJobError(error).code, error.message).toBe(job);
    }
    // What may name hosts or internals is replaced for API callers; what Sway writes for users is kept.
    expect(toJobError(new StoreUnavailableError('Neo4j at bolt://db:7687 is unavailable')).message).not.toMatch(
      /db:7687/,
    );
    expect(toJobError(new TypeError('secret internals')).message).toBe('the job failed with an internal error');
    expect(toJobError(new LockHeldError()).message).toMatch(/holds the lock/);
  });

  it('the CLI exits 4 when the store cannot be reached, naming it', async () => {
    const run = await promisify(execFile)(process.execPath, [SWAY, 'score', '--store', NOWHERE]).catch(
      (error) => error as { code: number; stderr: string },
    );
    expect((run as { code: number }).code).toBe(EXIT.storeUnreachable);
    expect((run as { stderr: string }).stderr).toMatch(/127\.0\.0\.1:1 is unavailable/);
  });

  describe('the API, on a store that cannot be reached', () => {
    let data: string;
    let tokens: TokenStore;
    let app: SwayServer;
    let store: Neo4jStore;
    beforeAll(() => {
      data = mkdtempSync(join(tmpdir(), 'sway-errors-'));
      tokens = new TokenStore(data);
      store = new Neo4jStore({ url: NOWHERE, user: 'neo4j', password: '', maxRetryTimeMs: 0 });
      app = createSwayServer({
        store,
        storeOptions: { data, store: NOWHERE },
        tokens,
        log: createLogger({ level: 'silent' }),
        probeMs: 0,
      });
    });
    afterAll(async () => {
      await app?.close();
      tokens?.close();
      await store?.close();
      rmSync(data, { recursive: true, force: true });
    });

    it('answers 503 with a message that names no host, and health says degraded', async () => {
      const caller = createCaller(createContext(app.services, tokens.create({ role: 'viewer' }).token, false));
      expect(await caller.health()).toMatchObject({ status: 'degraded', store: 'unreachable' });
      const refused = await caller.graph.summary().then(
        () => null,
        (error: { code: string; message: string }) => error,
      );
      expect(refused).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The store cannot be reached right now; try again shortly.',
      });
    });
  });
});

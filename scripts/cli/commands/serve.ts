import { Option, type Command } from 'commander';
import pino from 'pino';
import { createLogger } from '../../../server/app/logger.ts';
import { parseOrigins } from '../../../server/app/cors.ts';
import { setUpDemo } from '../../../server/app/demo.ts';
import { createSwayServer, DEFAULT_MAX_JOBS_PER_TOKEN } from '../../../server/app/http.ts';
import { DEFAULT_RATE_LIMIT } from '../../../server/app/rate-limit.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { openStore } from '../../../server/stores/open.ts';
import { SwayError } from '../../../graph/errors.ts';
import { numberArgument, wholeNumberArgument } from '../arguments.ts';
import { CLIENT_DIST, ensureClientBuilt } from '../client-build.ts';
import { engineFlags, withEngineOptions, type EngineCliOptions } from '../engine-options.ts';
import { parseFlags } from '../flags.ts';
import { withStoreOptions, type StoreCliOptions } from '../store-options.ts';
import { engineFields } from '../../../server/usecases/engine-choice.ts';
import { retentionFlags, withRetentionOptions, type RetentionCliOptions } from './score.ts';
import { z } from 'zod';

interface ServeCliOptions extends StoreCliOptions, EngineCliOptions, RetentionCliOptions {
  port: number;
  host: string;
  demo?: boolean;
  cors?: string;
  maxUploadMb: number;
  rateLimit: number;
  maxJobsPerToken: number;
  client: string;
  logLevel: string;
  dev?: boolean;
}

export function registerServe(program: Command): void {
  withStoreOptions(
    withRetentionOptions(
      withEngineOptions(
        program
          .command('serve')
          .description('Serve the API (/api, tRPC) and the built client from one process.')
          .option(
            '--port <n>',
            'port to listen on (0: any free port)',
            wholeNumberArgument({ min: 0, max: 65535 }),
            8080,
          )
          .option('--host <host>', 'interface to listen on (127.0.0.1: this machine only)', '127.0.0.1')
          .option('--demo', 'on an empty store, load the synthetic demo network, score it, and create an admin token')
          .option('--cors <origins>', 'comma-separated origins allowed to call the API from a browser (default none)')
          .option(
            '--max-upload-mb <n>',
            'largest upload accepted by imports.create, in MiB',
            numberArgument({ min: 0, exclusiveMin: true }),
            100,
          )
          .option(
            '--rate-limit <n>',
            'requests per second per API token (bursts of twice that; 0: unlimited), beyond it 429 with Retry-After',
            wholeNumberArgument({ min: 0 }),
            DEFAULT_RATE_LIMIT.perSecond,
          )
          .option(
            '--max-jobs-per-token <n>',
            'jobs one API token may have queued or running at once',
            wholeNumberArgument({ min: 1 }),
            DEFAULT_MAX_JOBS_PER_TOKEN,
          )
          .addOption(
            new Option(
              '--client <dir>',
              'the built client to serve; client/dist is built first when missing or older than client/src',
            ).default(CLIENT_DIST, 'client/dist'),
          )
          .option('--log-level <level>', 'fatal, error, warn, info, debug or silent (JSON logs on stderr)', 'info')
          .option('--dev', 'development: error responses include stack traces'),
        { input: false },
      ),
    ),
  ).action(async (options: ServeCliOptions) => {
    const { port, maxUploadMb } = options;
    // The engine of the server's re-scorings and advocate plans (the API's requests do not choose it).
    const engine = parseFlags(
      z.object(engineFields),
      engineFlags(options),
      'sway serve',
      {},
      {
        sparkPartitions: options.sparkPartitions,
        threads: options.threads,
      },
    );
    // Which score versions the server's re-scorings keep (the API's requests do not choose it either).
    const retention = retentionFlags(options, 'sway serve');
    if (!pino.levels.values[options.logLevel] && options.logLevel !== 'silent')
      throw new SwayError('INVALID_OPTIONS', `--log-level "${options.logLevel}" is not a level`);
    let corsOrigins: Set<string>;
    try {
      corsOrigins = parseOrigins(options.cors);
    } catch (error) {
      throw new SwayError('INVALID_OPTIONS', (error as Error).message);
    }

    const log = createLogger({ level: options.logLevel, destination: pino.destination(2) });
    // Only --demo may create a store (and fill it); a plain serve of a folder without one is a mistake in --data.
    const store = await openStore({ data: options.data, store: options.store, create: options.demo ?? false });
    const tokens = new TokenStore(options.data);
    const demo = options.demo ? await setUpDemo(store, tokens, options.data) : null;
    // The app this checkout serves is built first when it is missing or older than its sources (a pull, an edit).
    if (options.client === CLIENT_DIST) {
      await ensureClientBuilt({ onBuild: (reason) => process.stderr.write(`Building the app (${reason})...\n`) }).catch(
        (error: Error) =>
          process.stderr.write(`sway serve: the app could not be built, so only the API is served: ${error.message}\n`),
      );
    }
    const app = createSwayServer({
      store,
      storeOptions: { data: options.data, store: options.store },
      tokens,
      log,
      corsOrigins,
      maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
      rateLimit: options.rateLimit === 0 ? null : { perSecond: options.rateLimit, burst: 2 * options.rateLimit },
      maxJobsPerToken: options.maxJobsPerToken,
      clientDir: options.client,
      dev: options.dev ?? false,
      jobs: { engine, retention },
    });
    const { url } = await app.listen(port, options.host).catch(async (error: NodeJS.ErrnoException) => {
      await app.close();
      tokens.close();
      await store.close();
      if (error.code === 'EADDRINUSE')
        throw new SwayError(
          'INVALID_OPTIONS',
          `port ${port} on ${options.host} is in use: choose another with --port (0 picks a free one)`,
        );
      throw error;
    });
    const say = (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
    say(`Sway is serving ${url} (API under ${url}api)`);
    if (demo?.loaded) say('Loaded the synthetic demo network (3,000 made-up people).');

    const counts = await store.counts();
    if (counts.people > 0 && counts.scoreVersion === null) {
      const job = app.services.jobs.start({ kind: 'score', params: {} });
      if (demo) {
        // The demo's sign-in link is only useful once there is something to show: score first (once, a few seconds).
        say('Scoring it once, before the first sign-in...');
        for await (const event of app.services.jobs.events(job.id)) {
          if (event.type === 'finished' && event.job.status !== 'succeeded')
            say(`Scoring did not finish: ${event.job.error?.message ?? event.job.status}.`);
        }
      } else say('Scoring the network in the background; scores appear when it finishes.');
    } else {
      app.services.cache.warm().catch(() => log.error('cache warm-up failed'));
    }
    if (demo?.token) {
      // The token goes in the fragment, which browsers never send: it is in no request line and no log.
      say(
        `Open this link to sign in: ${url}#token=${demo.token}`,
        `Demo admin token, for the API${demo.loaded ? ` (also saved to ${demo.tokenFile})` : ''}: ${demo.token}`,
      );
    } else if (demo) say(`Create a token to sign in: sway token create --role admin --data ${options.data}`);

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write('Stopping: cancelling jobs and closing connections.\n');
    await app.close();
    tokens.close();
    await store.close();
  });
}

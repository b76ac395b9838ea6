import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pino from 'pino';
import { createLogger } from '../../../server/app/logger.ts';
import { parseOrigins } from '../../../server/app/cors.ts';
import { setUpDemo } from '../../../server/app/demo.ts';
import { createSwayServer } from '../../../server/app/http.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { openStore } from '../../../server/stores/open.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../main.ts';
import { withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ServeCliOptions extends StoreCliOptions {
  port: string;
  host: string;
  demo?: boolean;
  cors?: string;
  maxUploadMb: string;
  client: string;
  logLevel: string;
  dev?: boolean;
}

const DEFAULT_CLIENT = fileURLToPath(new URL('../../../client/dist', import.meta.url));

export function registerServe(program: Command): void {
  withStoreOptions(
    program
      .command('serve')
      .description('Serve the API (/api, tRPC) and the built client from one process.')
      .option('--port <n>', 'port to listen on (0: any free port)', '8080')
      .option('--host <host>', 'interface to listen on (127.0.0.1: this machine only)', '127.0.0.1')
      .option('--demo', 'on an empty store, load the synthetic demo network, score it, and create an admin token')
      .option('--cors <origins>', 'comma-separated origins allowed to call the API from a browser (default none)')
      .option('--max-upload-mb <n>', 'largest upload accepted by imports.create, in MiB', '100')
      .option('--client <dir>', 'the built client to serve', DEFAULT_CLIENT)
      .option('--log-level <level>', 'fatal, error, warn, info, debug or silent (JSON logs on stderr)', 'info')
      .option('--dev', 'development: error responses include stack traces'),
  ).action(async (options: ServeCliOptions) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`--port must be an integer in 0..65535, got "${options.port}"`, EXIT.badConfiguration);
    const maxUploadMb = Number(options.maxUploadMb);
    if (!(maxUploadMb > 0)) throw new CliError('--max-upload-mb must be a positive number', EXIT.badConfiguration);
    if (!pino.levels.values[options.logLevel] && options.logLevel !== 'silent')
      throw new CliError(`--log-level "${options.logLevel}" is not a level`, EXIT.badConfiguration);
    let corsOrigins: Set<string>;
    try {
      corsOrigins = parseOrigins(options.cors);
    } catch (error) {
      throw new CliError((error as Error).message, EXIT.badConfiguration);
    }

    const log = createLogger({ level: options.logLevel, destination: pino.destination(2) });
    const store = await openStore({ data: options.data, store: options.store });
    const tokens = new TokenStore(options.data);
    const demo = options.demo ? await setUpDemo(store, tokens, options.data) : null;
    const app = createSwayServer({
      store,
      storeOptions: { data: options.data, store: options.store },
      tokens,
      log,
      corsOrigins,
      maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
      clientDir: options.client,
      dev: options.dev ?? false,
    });
    const { url } = await app.listen(port, options.host);
    const lines = [`Sway is serving ${url} (API under ${url}api)`];
    if (demo?.loaded) lines.push('Loaded the synthetic demo network (3,000 made-up people).');
    if (demo?.token)
      lines.push(`Demo admin token${demo.loaded ? ` (also saved to ${demo.tokenFile})` : ''}: ${demo.token}`);
    else if (demo) lines.push(`Create a token to sign in: sway token create --role admin --data ${options.data}`);

    const counts = await store.counts();
    if (counts.people > 0 && counts.scoreVersion === null) {
      app.services.jobs.start({ kind: 'score', params: {} });
      lines.push('Scoring the network in the background; scores appear when it finishes.');
    } else {
      app.services.cache.warm().catch(() => log.error('cache warm-up failed'));
    }
    process.stdout.write(`${lines.join('\n')}\n`);

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

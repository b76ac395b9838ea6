// Entry point of a job worker thread. Sway runs TypeScript through tsx with no build step; on Node 20 a worker started
// with `execArgv: ['--import', 'tsx']` still cannot load .ts files (the loader hooks do not reach the worker's own
// module loading), so the worker registers tsx itself, as scripts/sway.mjs does for the CLI, then loads its code.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STARTED_MARKER } from './server.ts';

/** After the whole run: stops the local Neo4j server if a test of this run started it (see server.ts). */
export default function setup(): () => void {
  rmSync(STARTED_MARKER, { force: true });
  return () => {
    if (!existsSync(STARTED_MARKER)) return;
    rmSync(STARTED_MARKER, { force: true });
    execFileSync(join(resolve(import.meta.dirname, '../..'), 'scripts/neo4j/stop.sh'), { stdio: 'inherit' });
  };
}

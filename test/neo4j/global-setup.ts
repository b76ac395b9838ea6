import { existsSync, rmSync } from 'node:fs';
import { stopLocalNeo4j } from '../../scripts/neo4j/local.ts';
import { STARTED_MARKER } from './server.ts';

/** After the whole run: stops the local Neo4j server if a test of this run started it (see server.ts). */
export default function setup(): () => void {
  rmSync(STARTED_MARKER, { force: true });
  return () => {
    if (!existsSync(STARTED_MARKER)) return;
    rmSync(STARTED_MARKER, { force: true });
    stopLocalNeo4j();
  };
}

import { describe } from 'vitest';
import { openStore } from '../../server/stores/open.ts';
import { exportCredentials, neo4jConnection, wipeNeo4j } from '../neo4j/server.ts';
import { rescoreSuite } from './rescore-suite.ts';

// The rescore suite on a real Neo4j Community server (see test/neo4j/server.ts); `sway` child processes inherit the
// credentials through the environment, as a cron job would.
const connection = await neo4jConnection();

describe.skipIf(!connection)('neo4j', () => {
  if (!connection) return;
  exportCredentials(connection);
  rescoreSuite({
    name: 'Neo4j',
    storeArgs: ['--store', connection.url],
    open: () => openStore({ store: connection.url }),
    reset: () => wipeNeo4j(connection),
    cleanup: async () => undefined,
  });
});

import { describe, expect, it } from 'vitest';
import { Neo4jStore } from '../../../server/stores/neo4j/store.ts';
import { openStore } from '../../../server/stores/open.ts';
import { StoreUnavailableError } from '../../../server/stores/errors.ts';
import { exportCredentials, neo4jConnection, wipeNeo4j } from '../../neo4j/server.ts';
import { storeContract } from './contract.ts';

// The same contract suite as the embedded store, on a real Neo4j Community server (see test/neo4j/server.ts).
const connection = await neo4jConnection();

describe.skipIf(!connection)('neo4j', () => {
  const { url, user, password } = connection ?? { url: '', user: '', password: '' };
  exportCredentials({ url, user, password });
  const wipe = () => wipeNeo4j({ url, user, password });

  storeContract('neo4j', () => ({
    async fresh() {
      await wipe();
      return {
        open: async () => {
          const store = new Neo4jStore({ url, user, password });
          await store.init();
          return store;
        },
        childTarget: { store: url },
      };
    },
  }));

  describe('openStore', () => {
    it('opens Neo4j for a bolt:// URL with the credentials from the environment', async () => {
      const store = await openStore({ store: url });
      expect(store.kind).toBe('neo4j');
      expect(await store.counts()).toMatchObject({ people: expect.any(Number) });
      await store.close();
    });

    it('reports wrong credentials and an unreachable server as unavailable', async () => {
      const wrong = new Neo4jStore({ url, user, password: `${password}-wrong` });
      await expect(wrong.init()).rejects.toThrow(StoreUnavailableError);
      await wrong.close();
      const nobody = new Neo4jStore({ url: 'bolt://127.0.0.1:1', user, password });
      await expect(nobody.init()).rejects.toThrow(StoreUnavailableError);
      await nobody.close();
    });
  });
});

import type { RelationshipRow } from './people.ts';

/**
 * Which relationships an applying importer may CREATE instead of MERGE.
 *
 * MERGE on a relationship must look at the relationships between its endpoints; CREATE does not, and on epinions
 * (every person new) applies about a third faster. CREATE is only right where no relationship with the same
 * (source, target, kind) can exist, and this is known for one case:
 *
 * - A person this importer created (the people MERGE reports it; `created` below) had no relationships when created.
 *   From then on, only writers of relationships can have given it one. Every writer stamps
 *   `SwayMeta.relationshipWriter` in its transaction before writing (people.ts), and the importer re-stamps it
 *   under the node's write lock at the start of each of its transactions, reading the previous stamp. If the
 *   previous stamp is not its own, someone else (an upsert, or a second process rolling the same import forward after
 *   taking over a stale lock) may have written relationships since its last transaction, and it forgets everything
 *   it knew (`reset`). Otherwise, every relationship that touches a person it created was written by itself, in a
 *   committed transaction (recorded in `written`) or in the current one.
 * - So a row with an endpoint in `created` whose key is not in `written` and not repeated earlier in the same
 *   transaction's rows names a relationship that does not exist: it is created. Rows repeated within a chunk collapse
 *   to the last one, which is what MERGE followed by SET would leave. Every other row is merged, as before.
 * - `written` holds 30-bit hashes of keys, not the keys: a collision only sends a row to MERGE, which is always right,
 *   and a few megabytes cover millions of relationships (at epinions' size about 1 row in 2,000 collides).
 *
 * The state lives only in the applying process and only counts after its transaction commits (a retried transaction
 * plans again from the committed state). A process that rolls a killed import forward starts empty, so it creates
 * only relationships of people it created itself: the argument above holds for each process separately.
 */
export class FreshRelationships {
  private created = new Set<string>();
  private written = new Set<number>();

  /**
   * Splits a chunk's rows. `reset`: someone else wrote since this importer's last transaction. `createdNow`: people
   * the current transaction created.
   */
  plan(rows: RelationshipRow[], createdNow: string[], reset: boolean): RelationshipPlan {
    const created = reset ? new Set<string>() : this.created;
    const written = reset ? new Set<number>() : this.written;
    const justCreated = new Set(createdNow);
    const isNew = (id: string) => created.has(id) || justCreated.has(id);
    const fresh = new Map<string, RelationshipRow>();
    const merge: RelationshipRow[] = [];
    const touched: number[] = [];
    for (const row of rows) {
      if (!isNew(row.s) && !isNew(row.t)) {
        merge.push(row);
        continue;
      }
      const key = `${row.s}\0${row.t}\0${row.k}`;
      const hash = keyHash(key);
      touched.push(hash);
      if (written.has(hash)) merge.push(row);
      else {
        fresh.delete(key); // the last of repeated rows wins
        fresh.set(key, row);
      }
    }
    return { create: [...fresh.values()], merge, reset, createdNow, touched };
  }

  /** Records what a committed transaction did. */
  committed(plan: RelationshipPlan): void {
    if (plan.reset) {
      this.created = new Set();
      this.written = new Set();
    }
    for (const id of plan.createdNow) this.created.add(id);
    for (const hash of plan.touched) this.written.add(hash);
  }
}

export interface RelationshipPlan {
  /** One row per key, each a relationship that does not exist yet. */
  create: RelationshipRow[];
  /** In their original order. */
  merge: RelationshipRow[];
  reset: boolean;
  createdNow: string[];
  touched: number[];
}

/** FNV-1a over the UTF-16 code units, folded to 30 bits (a small integer in V8, stored unboxed in a Set). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash ^ (hash >>> 30)) & 0x3fffffff;
}

import { newSalt } from '../audit.ts';
import { autoCommit, writeTransaction, type Neo4jContext } from './session.ts';

/**
 * Constraints and indexes, created idempotently at start-up. The uniqueness constraint on Person.id also gives the
 * index every lookup by id uses; the lower-cased copies of id, label and handle are range-indexed for prefix search.
 */
const SCHEMA = [
  'CREATE CONSTRAINT sway_person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE',
  'CREATE INDEX sway_person_lc_id IF NOT EXISTS FOR (p:Person) ON (p.lc_id)',
  'CREATE INDEX sway_person_lc_label IF NOT EXISTS FOR (p:Person) ON (p.lc_label)',
  'CREATE INDEX sway_person_lc_handle IF NOT EXISTS FOR (p:Person) ON (p.lc_handle)',
  'CREATE CONSTRAINT sway_meta_key IF NOT EXISTS FOR (m:SwayMeta) REQUIRE m.key IS UNIQUE',
  'CREATE CONSTRAINT sway_score_version IF NOT EXISTS FOR (v:SwayScoreVersion) REQUIRE v.version IS UNIQUE',
  'CREATE CONSTRAINT sway_lock_name IF NOT EXISTS FOR (l:SwayLock) REQUIRE l.name IS UNIQUE',
  'CREATE CONSTRAINT sway_import_id IF NOT EXISTS FOR (i:SwayImport) REQUIRE i.id IS UNIQUE',
  'CREATE INDEX sway_import_chunk IF NOT EXISTS FOR (c:SwayImportChunk) ON (c.importId, c.seq)',
  'CREATE INDEX sway_audit_seq IF NOT EXISTS FOR (a:SwayAudit) ON (a.seq)',
];

export async function createSchema(context: Neo4jContext): Promise<void> {
  for (const statement of SCHEMA) {
    try {
      await autoCommit(context, statement);
    } catch (error) {
      // Two stores starting at once: the other one created the same constraint first.
      if (
        !/EquivalentSchemaRuleAlreadyExists|already exists/i.test(
          `${(error as { code?: string }).code} ${(error as Error).message}`,
        )
      )
        throw error;
    }
  }
  await autoCommit(context, 'CALL db.awaitIndexes(300)');
  await writeTransaction(context, (tx) =>
    tx.run(
      `MERGE (m:SwayMeta {key: 'sway'})
       ON CREATE SET m.salt = $salt, m.graphVersion = 0, m.scoreSeq = 0, m.schemaVersion = 1`,
      { salt: newSalt() },
    ),
  );
}

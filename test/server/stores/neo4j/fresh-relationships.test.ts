import { describe, expect, it } from 'vitest';
import { FreshRelationships } from '../../../../server/stores/neo4j/fresh-relationships.ts';
import type { RelationshipRow } from '../../../../server/stores/neo4j/people.ts';

const row = (s: string, t: string, w = 1, k = 'trusts'): RelationshipRow => ({
  s,
  t,
  k,
  w,
  r: null,
  tm: null,
  ch: null,
});

describe('FreshRelationships', () => {
  it('creates rows touching a person created now, merges rows between people that existed', () => {
    const fresh = new FreshRelationships();
    const plan = fresh.plan([row('old1', 'old2'), row('new', 'old1'), row('old2', 'new')], ['new'], true);
    expect(plan.create).toEqual([row('new', 'old1'), row('old2', 'new')]);
    expect(plan.merge).toEqual([row('old1', 'old2')]);
  });

  it('collapses a key repeated within a chunk to its last row, as MERGE then SET would leave it', () => {
    const fresh = new FreshRelationships();
    const plan = fresh.plan([row('new', 'x', 1), row('new', 'x', 3), row('new', 'x', 2, 'follows')], ['new'], true);
    expect(plan.create).toEqual([row('new', 'x', 3), row('new', 'x', 2, 'follows')]);
    expect(plan.merge).toEqual([]);
  });

  it('merges a key written in an earlier committed chunk, and creates new keys of people created earlier', () => {
    const fresh = new FreshRelationships();
    fresh.committed(fresh.plan([row('new', 'x', 1)], ['new'], true));
    const plan = fresh.plan([row('new', 'x', 5), row('y', 'new')], [], false);
    expect(plan.merge).toEqual([row('new', 'x', 5)]);
    expect(plan.create).toEqual([row('y', 'new')]);
  });

  it('forgets what it knew when someone else wrote relationships in between (reset), and ignores uncommitted plans', () => {
    const fresh = new FreshRelationships();
    fresh.plan([row('lost', 'x')], ['lost'], true); // never committed: a retried or failed transaction
    expect(fresh.plan([row('lost', 'x')], [], false).merge).toEqual([row('lost', 'x')]);
    fresh.committed(fresh.plan([row('new', 'x')], ['new'], true));
    const afterForeignWrite = fresh.plan([row('new', 'z')], [], true);
    expect(afterForeignWrite.merge).toEqual([row('new', 'z')]);
    fresh.committed(afterForeignWrite);
    expect(fresh.plan([row('new', 'w')], [], false).merge).toEqual([row('new', 'w')]);
  });
});

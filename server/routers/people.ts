import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { explainInfluence } from '../../graph/algorithms/pagerank.ts';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';
import type { AlignedView } from '../cache/graph-cache.ts';
import { personId, router, viewerProcedure } from '../app/trpc.ts';
import { finiteOrNull, personBrief } from './present.ts';

export const peopleRouter = router({
  /** Prefix, case-insensitive search over id, label and handle. */
  search: viewerProcedure
    .input(
      z.object({
        query: z.string().trim().min(1, 'must not be empty').max(100),
        limit: z.number().int().min(1).max(50).default(10),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [people, view] = await Promise.all([
        ctx.services.store.searchPeople(input.query, { limit: input.limit }),
        ctx.services.cache.view(),
      ]);
      return people.map((person) => ({ ...personBrief(view, person.id, person), handle: person.handle ?? null }));
    }),

  /** A person with every registered score, its percentile, and why their influence is what it is. */
  get: viewerProcedure
    .input(z.object({ id: personId, contributors: z.number().int().min(1).max(50).default(10) }))
    .query(async ({ ctx, input }) => {
      const [record, view] = await Promise.all([ctx.services.store.getPerson(input.id), ctx.services.cache.view()]);
      if (!record) throw new TRPCError({ code: 'NOT_FOUND', message: 'No person with this id.' });
      const scores = view.scores;
      const row = scores ? scores.row(input.id) : -1;
      return {
        person: record.person,
        inDegree: record.inDegree,
        outDegree: record.outDegree,
        scoreVersion: scores?.version ?? null,
        scores: SCORE_FAMILIES.flatMap((family) =>
          family.scores.map((definition) => {
            const value = scores?.value(definition.column, row) ?? null;
            return {
              column: definition.column,
              label: definition.label,
              description: definition.description,
              unit: definition.unit,
              range: definition.range ?? null,
              kind: definition.kind,
              higherIsBetter: definition.higherIsBetter ?? true,
              family: family.id,
              familyLabel: family.label,
              explanation: definition.explanation,
              value,
              percentile: scores?.percentile(definition.column, value) ?? null,
            };
          }),
        ),
        influence: explain(view, input.id, input.contributors),
      };
    }),

  /** People within one or two hops and the relationships among them, limited. */
  ego: viewerProcedure
    .input(
      z.object({
        id: personId,
        depth: z.union([z.literal(1), z.literal(2)]).default(1),
        limit: z.number().int().min(1).max(2000).default(200),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [ego, view] = await Promise.all([
        ctx.services.store.ego(input.id, { depth: input.depth, limit: input.limit }),
        ctx.services.cache.view(),
      ]);
      if (!ego) throw new TRPCError({ code: 'NOT_FOUND', message: 'No person with this id.' });
      return {
        center: ego.center,
        truncated: ego.truncated,
        people: ego.people.map((person) => ({
          ...personBrief(view, person.id, person),
          segment: person.segment ?? null,
        })),
        relationships: ego.relationships.map((r) => ({
          source: r.source,
          target: r.target,
          kind: r.kind,
          weight: r.weight,
          rating: r.rating ?? null,
          channel: r.channel ?? null,
        })),
      };
    }),
});

/**
 * The influence explanation (explainInfluence on the cached snapshot with the current PageRank column): the listeners
 * whose attention brings the most rank. Only exact when the scores were computed on the graph as it is now; otherwise
 * the status says so and the client suggests re-scoring.
 */
function explain(view: AlignedView, id: string, limit: number) {
  const { snapshot, people } = view.graph;
  const index = snapshot.ids.indexOf(id);
  if (!view.pagerank || index < 0) return { status: 'unavailable' as const, explanation: null };
  if (!view.scoresMatchGraph) return { status: 'stale' as const, explanation: null };
  const options = (view.scores!.meta.options.influence ?? {}) as { damping?: number; weighted?: boolean };
  const result = explainInfluence(snapshot, view.pagerank, index, {
    damping: options.damping,
    weighted: options.weighted,
    limit,
  });
  return {
    status: 'ok' as const,
    explanation: {
      pagerank: result.pagerank,
      baselineShare: result.baselineShare,
      otherShare: result.otherShare,
      contributors: result.contributors.map((c) => {
        const contributorId = snapshot.ids.idOf(c.index);
        return {
          id: contributorId,
          label: people.get(contributorId)?.label ?? null,
          contribution: finiteOrNull(c.contribution),
          share: finiteOrNull(c.share),
        };
      }),
    },
  };
}

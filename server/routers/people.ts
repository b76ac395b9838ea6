import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { FAMILY_DECLARATIONS } from '../../graph/scores/definitions.ts';
import { influenceExplanation } from '../views/influence-explanation.ts';
import { lookalikesOf, SIMILARITY_MEASURES } from '../views/lookalikes.ts';
import { personId } from '../usecases/options.ts';
import { router, viewerProcedure } from './trpc.ts';
import { personBrief } from './present.ts';

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
      const index = view.graph.snapshot.ids.indexOf(input.id);
      return {
        person: record.person,
        inDegree: record.inDegree,
        outDegree: record.outDegree,
        scoreVersion: scores?.version ?? null,
        scores: FAMILY_DECLARATIONS.flatMap((family) =>
          family.scores.map((definition) => {
            const value = scores?.value(definition.column, index) ?? null;
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
        influence: influenceExplanation(view, input.id, input.contributors),
      };
    }),

  /**
   * The people most like a person, or a set of people (chosen advocates), by their position in the network: whom they
   * influence and who influences them (Jaccard by default, or Adamic–Adar), each with the reason ("12 shared
   * listeners") and the person asked about they are closest to.
   */
  lookalikes: viewerProcedure
    .input(
      z.object({
        ids: z.array(personId).min(1).max(500),
        measure: z.enum(SIMILARITY_MEASURES).default('jaccard'),
        limit: z.number().int().min(1).max(100).default(10),
      }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const { rows, unknown } = lookalikesOf(view, input.ids, { measure: input.measure, k: input.limit });
      if (unknown.length > 0)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No person with the id ${unknown.map((id) => `"${id}"`).join(', ')}.`,
        });
      return {
        lookalikes: rows.map((row) => ({
          ...personBrief(view, row.index),
          score: row.score,
          sharedListeners: row.sharedListeners,
          sharedInfluencers: row.sharedInfluencers,
          reason: row.reason,
          closestTo: row.closestTo,
          closestToLabel: personBrief(view, row.closestTo).label,
        })),
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

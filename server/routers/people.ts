import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Person } from '../../graph/model.ts';
import {
  channelColumnDefinition,
  COLUMN,
  FAMILY_DECLARATIONS,
  PER_CHANNEL_COLUMNS,
} from '../../graph/scores/definitions.ts';
import { influenceExplanation } from '../views/influence-explanation.ts';
import { lookalikesOf, SIMILARITY_MEASURES } from '../views/lookalikes.ts';
import { rankSearchResults, SEARCH_CANDIDATES } from '../views/people-search.ts';
import { personId } from '../usecases/options.ts';
import { router, viewerProcedure } from './trpc.ts';
import { personBrief, requireColumns } from './present.ts';
import { findChannel } from '../views/channel-scores.ts';
import { OUTREACH_DEFAULTS, outreachList } from '../views/outreach.ts';
import { personHistory } from '../views/person-history.ts';

/** Most relationships one people.ego answer carries (about 1 MB of JSON). */
export const MAX_EGO_RELATIONSHIPS = 10_000;

export const peopleRouter = router({
  /** Prefix, case-insensitive search over id, label and handle: exact matches first, then the most influential. */
  search: viewerProcedure
    .input(
      z.object({
        query: z.string().trim().min(1, 'must not be empty').max(100),
        limit: z.number().int().min(1).max(50).default(10),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [people, view] = await Promise.all([
        ctx.services.store.searchPeople(input.query, { limit: Math.max(input.limit, SEARCH_CANDIDATES) }),
        ctx.services.cache.view(),
      ]);
      // Ranked on influence alone; only the people listed are presented.
      const influenceOf = (person: Person) =>
        view.scores?.value(COLUMN.influence, view.graph.snapshot.ids.indexOf(person.id)) ?? null;
      return rankSearchResults(input.query, people, influenceOf, input.limit).map((person) => ({
        ...personBrief(view, person.id, person),
        handle: person.handle ?? null,
      }));
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
        // Where the person matters: influence, audience and two-hop reach on each channel scored, side by side.
        channels: (scores?.meta.channels ?? []).map((channel) => ({
          name: channel.name,
          scores: PER_CHANNEL_COLUMNS.map((column) => {
            const definition = channelColumnDefinition(column, channel);
            const value = scores?.value(definition.column, index) ?? null;
            return {
              column: definition.column,
              label: definition.label,
              unit: definition.unit,
              kind: definition.kind,
              value,
              percentile: scores?.percentile(definition.column, value) ?? null,
            };
          }),
        })),
        influence: influenceExplanation(view, input.id, input.contributors),
      };
    }),

  /**
   * An outreach list (server/views/outreach.ts): people influential on one channel and absent or weak on another,
   * most influential first, with both influences and their percentiles.
   */
  outreach: viewerProcedure
    .input(
      z.object({
        strong: z.string().trim().min(1).max(200),
        weak: z.string().trim().min(1).max(200),
        limit: z.number().int().min(1).max(500).default(OUTREACH_DEFAULTS.limit),
        strongPercentile: z.number().min(0).max(100).default(OUTREACH_DEFAULTS.strongPercentile),
        weakPercentile: z.number().min(0).max(100).default(OUTREACH_DEFAULTS.weakPercentile),
      }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, [COLUMN.influence]);
      const strong = findChannel(scores.meta, input.strong);
      const weak = findChannel(scores.meta, input.weak);
      const { strong: _s, weak: _w, ...options } = input;
      return {
        scoreVersion: scores.version,
        strong,
        weak,
        // The bars applied (the defaults when not asked for), so a reader is told what "influential" and "weak" meant.
        strongPercentile: input.strongPercentile,
        weakPercentile: input.weakPercentile,
        people: outreachList(scores, strong, weak, options).map((entry) => ({
          ...personBrief(view, entry.index),
          strong: entry.strong,
          strongPercentile: entry.strongPercentile,
          weak: entry.weak,
          weakPercentile: entry.weakPercentile,
        })),
      };
    }),

  /**
   * A person's influence, two-hop reach, reputation and influence change across the kept score versions, oldest
   * first (server/views/person-history.ts; which versions the store keeps: server/stores/retention.ts).
   */
  history: viewerProcedure.input(z.object({ id: personId })).query(async ({ ctx, input }) => {
    if (!(await ctx.services.store.getPerson(input.id)))
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No person with this id.' });
    return personHistory(ctx.services.store, input.id);
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

  /**
   * People within one or two hops and the relationships among them, limited: at most `limit` people, at most
   * EGO_DEFAULTS.maxVisited relationships looked at to choose them, at most MAX_EGO_RELATIONSHIPS returned.
   */
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
      // The answer's size is bounded too (about 100 bytes a relationship): the strongest-first people stay whole.
      const cut = ego.relationships.length > MAX_EGO_RELATIONSHIPS;
      if (cut) ego.relationships.length = MAX_EGO_RELATIONSHIPS;
      return {
        center: ego.center,
        truncated: ego.truncated || cut,
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

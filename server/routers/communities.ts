import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CommunityIndex } from '../cache/community-index.ts';
import type { AlignedView } from '../cache/graph-cache.ts';
import { router, viewerProcedure } from '../app/trpc.ts';
import { finiteOrNull, personBrief, requireColumns } from './present.ts';

export const communitiesRouter = router({
  /** Communities by size, each with its most influential members. */
  list: viewerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(1000).default(50),
          leaders: z.number().int().min(0).max(10).default(3),
        })
        .default({ limit: 50, leaders: 3 }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, ['community'], 'communities');
      const index = CommunityIndex.of(view);
      return {
        scoreVersion: scores.version,
        total: index.communities.length,
        communities: index.communities.slice(0, input.limit).map((c) => ({
          community: c.community,
          size: c.size,
          internalLinks: c.internalLinks,
          externalLinks: c.externalLinks,
          attentionShare: finiteOrNull(c.attentionShare),
          leaders: c.members.slice(0, input.leaders).map((row) => personBrief(view, scores.ids[row])),
        })),
      };
    }),

  /** One community: members by influence (paged), its bridges to other communities, and the communities it links to. */
  get: viewerProcedure
    .input(
      z.object({
        community: z.number().int().min(0),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
        bridges: z.number().int().min(0).max(100).default(10),
      }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, ['community'], 'communities');
      const index = CommunityIndex.of(view);
      const community = index.get(input.community);
      if (!community)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No community ${input.community} in score version ${scores.version}.`,
        });
      return {
        scoreVersion: scores.version,
        community: community.community,
        size: community.size,
        internalLinks: community.internalLinks,
        externalLinks: community.externalLinks,
        attentionShare: finiteOrNull(community.attentionShare),
        members: community.members
          .slice(input.offset, input.offset + input.limit)
          .map((row) => personBrief(view, scores.ids[row])),
        bridges: bridges(view, index, community.members, input.bridges),
        neighbours: index.neighbours(community.community).slice(0, 20),
      };
    }),
});

/**
 * Members that connect the community to others: those with links leaving it, ranked by betweenness (the share of
 * shortest paths through them) and then by how many outside links they have.
 */
function bridges(view: AlignedView, index: CommunityIndex, members: number[], limit: number) {
  const scores = view.scores!;
  const linked = members.filter((row) => index.externalByRow[row] > 0);
  const between = (row: number) => scores.value('betweenness', row) ?? 0;
  linked.sort(
    (a, b) =>
      between(b) - between(a) ||
      index.externalByRow[b] - index.externalByRow[a] ||
      (scores.ids[a] < scores.ids[b] ? -1 : 1),
  );
  return linked.slice(0, limit).map((row) => ({
    ...personBrief(view, scores.ids[row]),
    betweenness: scores.value('betweenness', row),
    externalLinks: index.externalByRow[row],
  }));
}

import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { CachedView, CommunityProfile } from '../cache/graph-cache.ts';
import type { CommunityIndex } from '../cache/community-index.ts';
import { previewCommunities } from '../views/community-preview.ts';
import { finiteOrNull } from '../views/json.ts';
import { scoreOptions } from '../usecases/score.ts';
import { personBrief, requireColumns } from './present.ts';
import { router, viewerProcedure } from './trpc.ts';

export const communitiesRouter = router({
  /**
   * The number of communities a method and resolution give on the current graph, computed without publishing (the
   * communities screen's resolution control); re-scoring with them (scores.rescore) publishes that partition.
   */
  preview: viewerProcedure
    .input(scoreOptions.pick({ communityMethod: true, resolution: true, seed: true }))
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      return {
        ...previewCommunities(view, { method: input.communityMethod, resolution: input.resolution, seed: input.seed }),
        method: input.communityMethod,
        resolution: input.resolution,
      };
    }),

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
      const scores = requireColumns(view, [COLUMN.community]);
      const index = view.communities();
      const profiles = view.communityProfiles();
      return {
        scoreVersion: scores.version,
        total: index.communities.length,
        communities: index.communities.slice(0, input.limit).map((c) => ({
          community: c.community,
          ...described(profiles.get(c.community), c.community),
          size: c.size,
          internalLinks: c.internalLinks,
          externalLinks: c.externalLinks,
          attentionShare: finiteOrNull(c.attentionShare),
          leaders: c.members.slice(0, input.leaders).map((member) => personBrief(view, member)),
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
      const scores = requireColumns(view, [COLUMN.community]);
      const index = view.communities();
      const community = index.get(input.community);
      if (!community)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No community ${input.community} in score version ${scores.version}.`,
        });
      return {
        scoreVersion: scores.version,
        community: community.community,
        ...described(view.communityProfiles().get(community.community), community.community),
        size: community.size,
        internalLinks: community.internalLinks,
        externalLinks: community.externalLinks,
        attentionShare: finiteOrNull(community.attentionShare),
        members: community.members
          .slice(input.offset, input.offset + input.limit)
          .map((member) => personBrief(view, member)),
        bridges: bridges(view, index, community.members, input.bridges),
        neighbours: index.neighbours(community.community).slice(0, 20),
      };
    }),
});

/**
 * A community's name and what its members share (the segment, region, channel or customer status over-represented in
 * it, with the share of members holding it and the lift against the whole network), most lifted first.
 */
function described(profile: CommunityProfile | undefined, community: number) {
  return {
    name: profile?.name ?? `Community ${community}`,
    namedBy: profile?.namedBy ?? 'number',
    traits: (profile?.traits ?? []).map((t) => ({
      attribute: t.attribute,
      category: t.category,
      members: t.members,
      share: t.share,
      networkShare: t.networkShare,
      lift: t.lift,
    })),
  };
}

/**
 * Members that connect the community to others: those with links leaving it, ranked by betweenness (the share of
 * shortest paths through them) and then by how many outside links they have.
 */
function bridges(view: CachedView, index: CommunityIndex, members: number[], limit: number) {
  const scores = view.scores!;
  const outside = index.externalByPerson;
  const linked = members.filter((member) => outside[member] > 0);
  const between = (member: number) => scores.value(COLUMN.betweenness, member) ?? 0;
  linked.sort((a, b) => between(b) - between(a) || outside[b] - outside[a] || scores.byId(a, b));
  return linked.slice(0, limit).map((member) => ({
    ...personBrief(view, member),
    betweenness: scores.value(COLUMN.betweenness, member),
    externalLinks: outside[member],
  }));
}

import { z } from 'zod';
import {
  EXPORT_FORMATS,
  graphChunks,
  selectGraph,
  type ExportPerson,
  type GraphSelection,
} from '../../graph/export/index.ts';
import { exportColumnsOf } from '../../graph/export/options.ts';
import { MAX_EGO_DEPTH } from '../../graph/export/selection.ts';
import { drawByScores } from '../../graph/export/style.ts';
import type { Relationship } from '../../graph/model.ts';
import { communityProfilesOf } from '../../graph/scores/community-profiles.ts';
import {
  channelColumnDefinition,
  COLUMN,
  PER_CHANNEL_COLUMNS,
  scoreDefinitions,
} from '../../graph/scores/definitions.ts';
import type { Hooks } from '../hooks.ts';
import { loadGraph } from '../load/graph.ts';
import { readScoreColumns } from '../load/score-columns.ts';
import type { GraphStore } from '../stores/contract.ts';
import { parseOptions, personId } from './options.ts';

/**
 * Options of the graph export (`sway export graph`, the API's graph export): the format, and which part of the graph —
 * everyone (default), the N most influential people (`top`), one community (`community`), or the people within
 * `depth` steps of one person (`ego`).
 */
export const exportGraphOptions = z
  .object({
    format: z.enum(EXPORT_FORMATS as ['gexf', 'graphml', 'json']).default('gexf'),
    top: z.number().int().min(1).max(10_000_000).optional(),
    community: z.number().int().min(0).optional(),
    ego: personId.optional(),
    depth: z.number().int().min(1).max(MAX_EGO_DEPTH).default(1),
  })
  .refine((o) => [o.top, o.community, o.ego].filter((x) => x !== undefined).length <= 1, {
    message: 'cannot be given with community or ego: choose one part of the graph',
    path: ['top'],
  });

export type ExportGraphOptions = z.input<typeof exportGraphOptions>;

/**
 * The stored graph with the current score version, as text chunks of a file Gephi, Gephi Lite, NetworkX or graphology
 * opens (graph/export): people with their fields, their community's name (community_name, as the app names it) and
 * every score column as typed attributes, coloured by community and sized by influence; relationships with kind,
 * channel, weight, rating and time. Without a score version, the people and relationships alone.
 */
export async function exportGraph(
  store: GraphStore,
  options: ExportGraphOptions,
  hooks: Hooks = {},
): Promise<{ people: number; relationships: number; chunks: AsyncGenerator<string> }> {
  const o = parseOptions(exportGraphOptions, options, 'graph export');
  const { snapshot, people } = await loadGraph(store, { people: true, signal: hooks.signal });
  const scores = await readScoreColumns(store, snapshot.ids);
  const columns = Object.fromEntries(scores?.columns ?? []);
  const selection: GraphSelection =
    o.top !== undefined
      ? { kind: 'top', column: COLUMN.influence, count: o.top }
      : o.community !== undefined
        ? { kind: 'community', community: o.community }
        : o.ego !== undefined
          ? { kind: 'ego', person: o.ego, depth: o.depth }
          : { kind: 'all' };
  const selected = selectGraph(snapshot, selection, columns);
  const relationships: Relationship[] = [];
  await store.streamGraph({
    addPerson() {},
    addRelationship: (r) => {
      if (selected.hasRelationship(r)) relationships.push(r);
    },
  });
  // The declared columns, and the per-channel ones the set scored (influence__forum ...), declared from their channel.
  const channelDefinitions = (scores?.meta.channels ?? []).flatMap((channel) =>
    PER_CHANNEL_COLUMNS.map((column) => channelColumnDefinition(column, channel)),
  );
  const exported = exportColumnsOf([...scoreDefinitions(), ...channelDefinitions]).filter(
    (column) => column.name in columns,
  );
  const draw = drawByScores(columns[COLUMN.community], columns[COLUMN.influenceScore]);
  // Named on the whole graph, as the app names them, whichever part of it the file holds.
  const profiles = scores ? communityProfilesOf(snapshot, people, scores.columns) : null;
  const communityOf = columns[COLUMN.community];
  function* exportPeople(): Generator<ExportPerson> {
    for (const index of selected.people) {
      const id = snapshot.ids.idOf(index);
      yield {
        ...(people.get(id) ?? { id }),
        scores: Object.fromEntries(exported.map((column) => [column.name, columns[column.name][index]])),
        communityName: communityOf ? profiles?.get(communityOf[index])?.name : undefined,
        ...draw(index),
      };
    }
  }
  return {
    people: selected.people.length,
    relationships: relationships.length,
    chunks: graphChunks(
      o.format,
      { people: exportPeople(), relationships },
      {
        columns: exported,
        description: `Sway: people, relationships and scores${scores ? ` (score version ${scores.version})` : ''}`,
      },
    ),
  };
}

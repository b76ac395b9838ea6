import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphChunks } from '../../graph/export/index.ts';
import type { ExportColumn, ExportFormat, ExportPerson } from '../../graph/export/options.ts';
import { drawByScores } from '../../graph/export/style.ts';
import type { Person, Relationship } from '../../graph/model.ts';
import { Random } from '../../graph/random.ts';

/**
 * A small scored graph exported in every format, the same each time and built here alone (no score family, no demo
 * generator), so that the NetworkX reference made from it stays valid while those change: 120 synthetic people with
 * every person field, score columns of each type (a double, integers, a boolean, a double missing for some people), a
 * community name (missing for some), a position, colour and size each; follows and trusts relationships with
 * channels, ratings and some times, one of kind "influences"; and two people the writers must take care with (markup
 * characters in their id and label, nothing known about them). The export tests read it through graphology's parsers
 * and Sway's importers, and scripts/oracles/export_readers.py through NetworkX's readers
 * (run: node --import tsx scripts/oracles/export-sample.ts DIR).
 */
export interface ExportSample {
  people: ExportPerson[];
  relationships: Relationship[];
  columns: ExportColumn[];
}

const COLUMNS: ExportColumn[] = [
  { name: 'pagerank', type: 'double' },
  { name: 'audience', type: 'integer' },
  { name: 'community', type: 'integer' },
  { name: 'detractor', type: 'boolean' },
  { name: 'reputation', type: 'double' },
];
const SEGMENTS = ['enthusiast', 'regular', 'professional'];
const REGIONS = ['North', 'South', 'East'];
const CHANNELS = ['forum', 'instagram', 'in-store', 'newsletter'];
/**
 * Community names as the profiles write them (graph/scores/community-profiles.ts), by community number: the "·" and an
 * apostrophe, and one with markup characters; community 4 has none (its members get no community_name).
 */
const COMMUNITY_NAMES = ['enthusiast · North · forum', "Person 7's circle", 'regular · South', 'R&D <lab> "west"'];

export function exportSample(): ExportSample {
  const random = new Random(11);
  const pick = <T>(items: readonly T[]): T => items[random.nextInt(items.length)];
  // Rounded, and + 0 so that no value is a negative zero, which no format keeps.
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places + 0;
  const people: Person[] = Array.from({ length: 120 }, (_, i) => ({
    id: `p${String(i).padStart(3, '0')}`,
    label: `Person ${i} (synthetic)`,
    handle: `synthetic_${i}`,
    segment: pick(SEGMENTS),
    region: pick(REGIONS),
    channels: [...new Set([pick(CHANNELS), pick(CHANNELS)])],
    customer: random.next() < 0.5,
    clv: round(1000 * random.next(), 2),
    sentiment: round(2 * random.next() - 1, 2),
  }));
  people.push(
    {
      id: 'tricky & <co>',
      label: `Ana "A&B" <x> 'y' (synthetic)`,
      handle: 'synthetic_ana',
      segment: 'enterprise',
      channels: ['forum'],
      customer: false,
      clv: 0.5,
      sentiment: -1,
    },
    { id: 'unknown' },
  );
  const relationships: Relationship[] = [];
  const seen = new Set<string>();
  for (let u = 0; u < 120; u++) {
    for (let k = 0, ties = 3 + random.nextInt(4); k < ties; k++) {
      const v = random.nextInt(120);
      if (v === u || seen.has(`${u} ${v}`)) continue;
      seen.add(`${u} ${v}`);
      // u follows or trusts v: v influences u.
      const trusts = random.next() < 0.4;
      relationships.push({
        source: people[v].id,
        target: people[u].id,
        kind: trusts ? 'trusts' : 'follows',
        channel: pick(CHANNELS),
        weight: 1 + random.nextInt(3),
        ...(trusts && { rating: round(2 * random.next() - 1, 1) }),
        ...(relationships.length % 3 === 0 && { time: 1_600_000_000 + 3600 * relationships.length }),
      });
    }
  }
  relationships.push({
    source: 'tricky & <co>',
    target: people[0].id,
    kind: 'influences',
    weight: 2.5,
    channel: 'in-store',
    time: 1_700_000_000.5,
  });
  const audience = new Map<string, number>();
  const rated = new Set<string>();
  for (const r of relationships) {
    audience.set(r.source, (audience.get(r.source) ?? 0) + 1);
    if (r.rating !== undefined) rated.add(r.source);
  }
  const community = Float64Array.from(people, (_, i) => i % 5);
  const influenceScore = Float64Array.from(people, (p) => Math.min(100, 10 * (audience.get(p.id) ?? 0)));
  const draw = drawByScores(community, influenceScore);
  return {
    columns: COLUMNS,
    relationships,
    people: people.map((person, i) => {
      const angle = (2 * Math.PI * i) / people.length;
      return {
        ...person,
        scores: {
          pagerank: random.next() / 50,
          audience: audience.get(person.id) ?? 0,
          community: community[i],
          detractor: (person.sentiment ?? 0) < -0.2 ? 1 : 0,
          reputation: rated.has(person.id) ? round(2 * random.next() - 1, 6) : null,
        },
        communityName: COMMUNITY_NAMES[community[i]],
        x: round(100 * Math.cos(angle), 1),
        y: round(100 * Math.sin(angle), 1),
        ...draw(i),
      };
    }),
  };
}

/** The sample in one format, as text. */
export async function exportSampleText(sample: ExportSample, format: ExportFormat): Promise<string> {
  let text = '';
  for await (const chunk of graphChunks(
    format,
    { people: sample.people, relationships: sample.relationships },
    { columns: sample.columns },
  ))
    text += chunk;
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = process.argv[2];
  const sample = exportSample();
  for (const format of ['gexf', 'graphml', 'json'] as const)
    writeFileSync(join(folder, `sample.${format}`), await exportSampleText(sample, format));
}

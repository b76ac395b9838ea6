import { InvalidOptionsError } from '../errors.ts';
import type { ImportBatch, Person, Relationship } from '../model.ts';
import { checkNumber, withDefaults } from '../options.ts';
import { DEFAULT_SEED, Random } from '../random.ts';

/**
 * A SYNTHETIC customer community for demos and tests: nobody in it exists. Every label ends in "(synthetic)", every
 * handle starts with "synthetic_", and the import source is named DEMO_SOURCE.
 *
 * How it is made (seeded, so the same options give the same network):
 * - People fall into planted communities of Zipf-distributed sizes; each community has a home region, a favourite
 *   channel and a typical segment, which most members share.
 * - Each person follows or trusts a few others (3 + a geometric number, mean about 8), mostly inside their community,
 *   picking targets by preferential attachment on a Pareto "appeal", so attention is heavy-tailed as in real networks
 *   (a few members are listened to by many).
 * - About a third of the ties are "trusts" with a rating in [-1, 1]: the rated person's hidden quality plus noise that is
 *   larger for careless raters (the structure fairness/goodness recovers).
 * - Customers (about 55%) have a lifetime value drawn log-normally by segment; prospects have a smaller expected value.
 *   Brand sentiment is mostly positive, with about 8% detractors.
 */
export const DEMO_SOURCE = 'sway demo network (synthetic)';

export interface DemoNetworkOptions {
  /** People in the network. Default 3000. */
  people?: number;
  /** Planted communities. Default 12. */
  communities?: number;
  /** Share of each person's ties that stay inside their community. Default 0.85. */
  withinCommunity?: number;
  seed?: number;
  /** People plus relationships per import batch. Default 5000. */
  batchSize?: number;
}

export interface DemoNetwork {
  people: Person[];
  relationships: Relationship[];
  /** The planted community of each person, by position in `people` (for tests of community detection). */
  plantedCommunity: Int32Array;
}

const DEFAULTS: Required<DemoNetworkOptions> = {
  people: 3000,
  communities: 12,
  withinCommunity: 0.85,
  seed: DEFAULT_SEED,
  batchSize: 5000,
};

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const CHANNELS = ['instagram', 'tiktok', 'forum', 'newsletter', 'in-store', 'youtube'];
const SEGMENTS = ['enthusiast', 'regular', 'occasional', 'professional', 'student'];
/** Median lifetime value of a customer by segment (same order as SEGMENTS), in the demo's currency. */
const SEGMENT_CLV = [900, 450, 150, 1200, 120];
const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloe',
  'Dario',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivo',
  'Jade',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Vik',
  'Wren',
  'Xena',
  'Yara',
  'Zeno',
  'Ada',
  'Bruno',
  'Cleo',
  'Dev',
  'Esme',
  'Finn',
];
const INITIALS = 'ABCDEFGHIJKLMNOPRSTVWZ';

export function generateDemoNetwork(options: DemoNetworkOptions = {}): DemoNetwork {
  const o = withDefaults(DEFAULTS, options, 'demo network');
  checkNumber('demo network', 'people', o.people, { min: 2, max: 1_000_000, integer: true });
  checkNumber('demo network', 'communities', o.communities, { min: 1, max: o.people, integer: true });
  checkNumber('demo network', 'withinCommunity', o.withinCommunity, { min: 0, max: 1 });
  checkNumber('demo network', 'batchSize', o.batchSize, { min: 1, integer: true });
  const random = new Random(o.seed);
  const n = o.people;

  // Planted communities: Zipf sizes (weight 1/(c+1)), at least two members each.
  const weights = Array.from({ length: o.communities }, (_, c) => 1 / (c + 1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(2, Math.floor((w / weightSum) * n)));
  let excess = sizes.reduce((a, b) => a + b, 0) - n;
  for (let c = 0; excess !== 0; c = (c + 1) % o.communities) {
    if (excess > 0 && sizes[c] > 2) (sizes[c]--, excess--);
    else if (excess < 0) (sizes[c]++, excess++);
    else if (sizes.every((s) => s <= 2))
      throw new InvalidOptionsError('demo network', 'too many communities for the number of people');
  }
  const themes = sizes.map(() => ({
    region: random.nextInt(REGIONS.length),
    channel: random.nextInt(CHANNELS.length),
    segment: random.nextInt(SEGMENTS.length),
  }));

  const planted = new Int32Array(n);
  const members: number[][] = sizes.map(() => []);
  for (let c = 0, i = 0; c < o.communities; c++) {
    for (let k = 0; k < sizes[c]; k++, i++) {
      planted[i] = c;
      members[c].push(i);
    }
  }

  const people: Person[] = [];
  const channelSets: string[][] = [];
  const appeal = new Float64Array(n);
  const quality = new Float64Array(n);
  const carefulness = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const theme = themes[planted[i]];
    const segment = random.next() < 0.6 ? theme.segment : random.nextInt(SEGMENTS.length);
    const channels = new Set<string>([CHANNELS[random.next() < 0.7 ? theme.channel : random.nextInt(CHANNELS.length)]]);
    while (random.next() < 0.4 && channels.size < 3) channels.add(CHANNELS[random.nextInt(CHANNELS.length)]);
    const customer =
      random.next() < (SEGMENTS[segment] === 'enthusiast' || SEGMENTS[segment] === 'professional' ? 0.75 : 0.5);
    const median = customer ? SEGMENT_CLV[segment] : SEGMENT_CLV[segment] * 0.15;
    const clv = Math.round(median * Math.exp(0.8 * gaussian(random)));
    const detractor = random.next() < 0.08;
    const sentiment = detractor
      ? -0.3 - 0.7 * random.next()
      : Math.min(1, Math.max(-0.2, 0.35 + 0.3 * gaussian(random)));
    const first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
    const number = String(i + 1).padStart(4, '0');
    people.push({
      id: `demo-${number}`,
      label: `${first} ${INITIALS[random.nextInt(INITIALS.length)]}. (synthetic)`,
      handle: `synthetic_${first.toLowerCase()}${number}`,
      segment: SEGMENTS[segment],
      region: REGIONS[random.next() < 0.75 ? theme.region : random.nextInt(REGIONS.length)],
      channels: [...channels],
      customer,
      clv,
      sentiment: Math.round(sentiment * 100) / 100,
    });
    channelSets.push([...channels]);
    // Pareto(alpha 1.5) appeal: heavy-tailed, so preferential attachment makes a few members widely followed.
    appeal[i] = Math.pow(1 - random.next(), -1 / 1.5);
    quality[i] = random.next() < 0.06 ? -0.4 - 0.5 * random.next() : 0.2 + 0.7 * random.next();
    carefulness[i] = random.next();
  }

  const samplers = members.map((list) => new WeightedSampler(list, appeal));
  const everyone = new WeightedSampler(
    Array.from({ length: n }, (_, i) => i),
    appeal,
  );
  const relationships: Relationship[] = [];
  const seen = new Set<number>();
  for (let u = 0; u < n; u++) {
    let ties = 3;
    while (random.next() < 0.8 && ties < 60) ties++;
    for (let attempt = 0, made = 0; made < ties && attempt < ties * 4; attempt++) {
      const v = random.next() < o.withinCommunity ? samplers[planted[u]].sample(random) : everyone.sample(random);
      if (v === u || seen.has(u * n + v)) continue;
      seen.add(u * n + v);
      made++;
      const shared = channelSets[u].find((channel) => channelSets[v].includes(channel)) ?? channelSets[u][0];
      const speaker = people[v].id;
      const listener = people[u].id;
      if (random.next() < 0.33) {
        // u trusts v and rates them: v's quality plus noise that careless raters add more of.
        const noise = (0.1 + 0.6 * (1 - carefulness[u])) * gaussian(random);
        const rating = Math.round(Math.min(1, Math.max(-1, quality[v] + noise)) * 10) / 10;
        relationships.push({ source: speaker, target: listener, kind: 'trusts', channel: shared, weight: 1, rating });
      } else {
        relationships.push({ source: speaker, target: listener, kind: 'follows', channel: shared, weight: 1 });
      }
    }
  }
  return { people, relationships, plantedCommunity: planted };
}

/** The demo network as import batches (people first), for a store's all-or-nothing import. */
export async function* demoBatches(options: DemoNetworkOptions = {}): AsyncIterable<ImportBatch> {
  const { people, relationships } = generateDemoNetwork(options);
  const size = options.batchSize ?? DEFAULTS.batchSize;
  for (let i = 0; i < people.length; i += size) yield { people: people.slice(i, i + size), relationships: [] };
  for (let i = 0; i < relationships.length; i += size)
    yield { people: [], relationships: relationships.slice(i, i + size) };
}

/** A standard normal draw (Box-Muller). */
function gaussian(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Draws items with probability proportional to their weight: binary search over cumulative weights. */
class WeightedSampler {
  private readonly cumulative: Float64Array;
  constructor(
    private readonly items: number[],
    weights: Float64Array,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, k) => (this.cumulative[k] = sum += weights[item]));
  }

  sample(random: Random): number {
    const x = random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo];
  }
}

/**
 * The score declarations: every score column as users see it, in the CLI export, the API's people.get and
 * scores.definitions, the client's panels and legends, and the README's score table (docs/ARCHITECTURE.md, "Scores are
 * declared once"). This module imports no algorithm, so the client and the API's routers can read it without
 * bundling or loading any computation; the families (families/*.ts) add how each is computed.
 */

/** One score column. */
export interface ScoreDefinition {
  /** Column name in exports and the store; stable once published. */
  column: string;
  label: string;
  description: string;
  /** What a value counts or measures, e.g. "people", "probability", "0-100". */
  unit: string;
  /** The range values fall in, when bounded. */
  range?: readonly [number, number];
  kind: 'float' | 'integer' | 'category' | 'boolean';
  /** How the value is explained to a user (the "why" behind the score). */
  explanation: string;
  /** False where a higher value is worse (e.g. detractor reach is a risk). Default true. */
  higherIsBetter?: boolean;
}

/** A family of scores computed together by one algorithm, as declared (families/*.ts add the computation). */
export interface FamilyDeclaration {
  id: string;
  label: string;
  description: string;
  /** The paper or reference behind the algorithm. */
  reference: string;
  scores: readonly ScoreDefinition[];
  /** The graph-level figures the computation puts in the summary, by key, in the order they are shown. */
  figures?: Readonly<Record<string, FigureDefinition>>;
}

/** A graph-level figure a family records with its score set (iterations, modularity, ...), as users read it. */
export interface FigureDefinition {
  label: string;
  /** How the value reads: a count, a share (percent), a convergence residual (tiny), a decimal, people, or as it is. */
  kind: 'count' | 'percent' | 'tiny' | 'decimal' | 'people' | 'text' | 'yes/no';
}

/**
 * Column names for code that reads a column by name (routers, use cases, the client), so that a misspelt column is a
 * type error rather than a silently empty value.
 */
export const COLUMN = {
  influence: 'influence',
  influenceScore: 'influence_score',
  pagerank: 'pagerank',
  audience: 'audience',
  reach2: 'reach2',
  influenceChange: 'influence_change',
  influenceRankChange: 'influence_rank_change',
  reachChange: 'reach_change',
  core: 'core',
  inDegree: 'in_degree',
  outDegree: 'out_degree',
  inWeight: 'in_weight',
  outWeight: 'out_weight',
  betweenness: 'betweenness',
  community: 'community',
  clv: 'clv',
  networkValue: 'network_value',
  totalValue: 'total_value',
  spread: 'spread',
  reputation: 'reputation',
  fairness: 'fairness',
  detractor: 'detractor',
  detractorReach: 'detractor_reach',
} as const;

export type ScoreColumn = (typeof COLUMN)[keyof typeof COLUMN];

/** The families in the order they run (a family's `dependsOn` names earlier ones), keyed by id. */
export const DECLARATIONS = {
  influence: {
    id: 'influence',
    label: 'Influence',
    description: 'PageRank on who listens to whom: a person is influential when influential people listen to them.',
    reference: 'Brin and Page, "The anatomy of a large-scale hypertextual Web search engine", 1998',
    scores: [
      {
        column: COLUMN.influence,
        label: 'Influence',
        description: 'PageRank times the number of people: 1 is an average person, 10 ten times the average.',
        unit: 'x average',
        kind: 'float',
        explanation:
          'The listeners whose attention brings this person the most rank, and the share of their rank each one brings.',
      },
      {
        column: COLUMN.influenceScore,
        label: 'Influence score',
        description: 'Influence on a 0-100 log scale between the least and the most influential person.',
        unit: '0-100',
        range: [0, 100],
        kind: 'float',
        explanation: 'Log-scaled PageRank: each doubling of PageRank adds the same number of points.',
      },
      {
        column: COLUMN.pagerank,
        label: 'PageRank',
        description: 'PageRank on the attention graph (damping 0.85, dangling mass spread uniformly); sums to 1.',
        unit: 'probability',
        range: [0, 1],
        kind: 'float',
        explanation: 'The stationary probability that a random listener is listening to this person.',
      },
    ],
    figures: {
      pagerankIterations: { label: 'PageRank iterations', kind: 'count' },
      pagerankResidual: { label: 'PageRank change at the last iteration (L1)', kind: 'tiny' },
      pagerankConverged: { label: 'PageRank converged', kind: 'yes/no' },
    },
  },
  reach: {
    id: 'reach',
    label: 'Reach',
    description: 'How many people a person reaches directly and within two hops.',
    reference: 'HyperLogLog: Flajolet, Fusy, Gandouet and Meunier, 2007 (for two-hop reach above the exact limit)',
    scores: [
      {
        column: COLUMN.audience,
        label: 'Audience',
        description: 'People this person directly influences (who follow or trust them).',
        unit: 'people',
        kind: 'integer',
        explanation: 'A count of direct relationships.',
      },
      {
        column: COLUMN.reach2,
        label: 'Two-hop reach',
        description: 'Distinct people within two hops: the audience and their audiences.',
        unit: 'people',
        kind: 'integer',
        explanation:
          'Exact when the two-hop walk is small; otherwise a HyperLogLog estimate (1.6% relative standard error).',
      },
    ],
    figures: {
      reach2Estimated: { label: 'People whose two-hop reach is estimated (HyperLogLog)', kind: 'count' },
      reach2RelativeError: { label: 'Two-hop reach estimate, relative standard error', kind: 'percent' },
    },
  },
  trend: {
    id: 'trend',
    label: 'Trend',
    description:
      'Who is rising or falling: influence and two-hop reach in the scored window against the previous window of the same length.',
    reference:
      'Windows of recent activity as influence products score them (Klout: 90 days); graph/scores/trend.ts defines the changes',
    scores: [
      {
        column: COLUMN.influenceChange,
        label: 'Influence change',
        description:
          'Influence in the scored window minus influence in the previous one (each in "x average person present"; absent counts 0).',
        unit: 'x average',
        kind: 'float',
        explanation:
          'Positive for risers. Empty when the relationships carry no time, or when the person is in neither window.',
      },
      {
        column: COLUMN.influenceRankChange,
        label: 'Influence rank change',
        description: 'Places gained in the influence ranking since the previous window (rank then minus rank now).',
        unit: 'places',
        kind: 'integer',
        explanation: 'Positive for risers. Empty unless the person is present in both windows.',
      },
      {
        column: COLUMN.reachChange,
        label: 'Reach change',
        description: 'Two-hop reach in the scored window minus two-hop reach in the previous one (absent counts 0).',
        unit: 'people',
        kind: 'integer',
        explanation: 'Positive when more people are within two hops than a period before.',
      },
    ],
    figures: {
      trendPeriodDays: { label: 'Trend: days between the compared windows', kind: 'count' },
      trendPresentNow: { label: 'Trend: people present in the scored window', kind: 'count' },
      trendPresentBefore: { label: 'Trend: people present in the previous window', kind: 'count' },
    },
  },
  structure: {
    id: 'structure',
    label: 'Structure',
    description: 'Degrees, k-core and betweenness: where a person sits in the network.',
    reference: 'Batagelj and Zaversnik, "An O(m) algorithm for cores decomposition", 2003; Brandes and Pich, 2007',
    scores: [
      {
        column: COLUMN.core,
        label: 'k-core',
        description: 'The largest k such that the person belongs to a group where everyone has at least k ties inside.',
        unit: 'ties each',
        kind: 'integer',
        explanation: 'Higher means embedded in a denser, more cohesive part of the network.',
      },
      {
        column: COLUMN.inDegree,
        label: 'Influenced by',
        description: 'People who directly influence this person (whom they follow or trust).',
        unit: 'people',
        kind: 'integer',
        explanation: 'A count of relationships.',
      },
      {
        column: COLUMN.outDegree,
        label: 'Influences',
        description: 'People this person directly influences.',
        unit: 'people',
        kind: 'integer',
        explanation: 'A count of relationships.',
      },
      {
        column: COLUMN.inWeight,
        label: 'Weighted in-degree',
        description: 'Total weight of the relationships that influence this person.',
        unit: 'weight',
        kind: 'float',
        explanation: 'A sum of relationship weights.',
      },
      {
        column: COLUMN.outWeight,
        label: 'Weighted out-degree',
        description: 'Total weight of the relationships through which this person influences others.',
        unit: 'weight',
        kind: 'float',
        explanation: 'A sum of relationship weights.',
      },
      {
        column: COLUMN.betweenness,
        label: 'Bridging',
        description: 'Share of shortest influence paths passing through the person, estimated from sampled sources.',
        unit: 'fraction',
        range: [0, 1],
        kind: 'float',
        explanation: 'High for bridges between communities: messages between groups pass through them.',
      },
    ],
  },
  communities: {
    id: 'communities',
    label: 'Communities',
    description:
      'Groups of people more tightly connected to each other than to the rest (Leiden by default, or Louvain; seeded).',
    reference:
      'Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing well-connected communities", 2019; Blondel, Guillaume, Lambiotte and Lefebvre, "Fast unfolding of communities in large networks", 2008',
    scores: [
      {
        column: COLUMN.community,
        label: 'Community',
        description:
          'The community a person belongs to; lists name it by what its members share, and its number (0 for the largest) is its stable id.',
        unit: 'id',
        kind: 'category',
        explanation:
          'Modularity maximisation on the undirected network (Leiden, whose communities are always connected, or Louvain), at the chosen resolution.',
      },
    ],
    figures: {
      communities: { label: 'Communities', kind: 'count' },
      modularity: { label: 'Modularity', kind: 'decimal' },
    },
  },
  value: {
    id: 'value',
    label: 'Customer value',
    description:
      "Lifetime value, network value (the value of the people a person's word of mouth reaches) and expected reach.",
    reference:
      'Domingos and Richardson, "Mining the network value of customers", KDD 2001; estimated with reverse-reachable sets (Borgs, Brautbar, Chayes and Lucier, SODA 2014) under Independent Cascade with weighted-cascade probabilities (Kempe, Kleinberg and Tardos, KDD 2003)',
    scores: [
      {
        column: COLUMN.clv,
        label: 'Lifetime value',
        description:
          'The customer lifetime value the data gives, in its currency; 1 for everyone when no lifetime value is known.',
        unit: 'value',
        kind: 'float',
        explanation:
          'As imported: the value this person is worth as a customer on their own. Empty where unknown (then counted as 0).',
      },
      {
        column: COLUMN.networkValue,
        label: 'Network value',
        description:
          "Expected lifetime value of the other people this person's activation reaches by word of mouth (Independent Cascade, weighted cascade).",
        unit: 'value',
        kind: 'float',
        explanation:
          'Estimated from random samples of who would have convinced whom, drawn in proportion to lifetime value: within 10% with probability 0.99 when at least the floor the score set records (the error floor, in people, times the average lifetime value).',
      },
      {
        column: COLUMN.totalValue,
        label: 'Total value',
        description: 'Own lifetime value plus network value: what winning or losing this person is worth.',
        unit: 'value',
        kind: 'float',
        explanation: 'Lifetime value plus network value.',
      },
      {
        column: COLUMN.spread,
        label: 'Expected reach',
        description:
          "Expected number of people this person's activation reaches, themself included (Independent Cascade, weighted cascade).",
        unit: 'people',
        kind: 'float',
        explanation:
          'Estimated from random samples of who would have convinced whom: the reach beyond the person is within 10% with probability 0.99 when at least the floor the score set records (the error floor, in people), and within a tenth of that floor otherwise.',
      },
    ],
    figures: {
      valueModel: { label: 'Network value model', kind: 'text' },
      valueRRSets: { label: 'Network value samples (reverse-reachable sets)', kind: 'count' },
      valueRelativeError: { label: 'Network value relative error bound', kind: 'percent' },
      valueErrorProbability: { label: 'Probability of missing that bound', kind: 'percent' },
      valueErrorFloor: { label: 'Network value error floor (people)', kind: 'people' },
      valueLifetimeValuesKnown: { label: 'Lifetime values known', kind: 'yes/no' },
    },
  },
  channels: {
    id: 'channels',
    label: 'Per channel',
    description:
      "Influence, audience and two-hop reach on each channel's relationships alone: where a person matters (forum, email, ...).",
    reference:
      'PageRank and reach of graph/scores/view-scores.ts on each channel view (graph/views/channels.ts); columns <score>__<channel>',
    // The columns depend on the channels in the data: PER_CHANNEL_COLUMNS for each, named by channelColumn().
    scores: [],
    figures: {
      channelCount: { label: 'Channels scored', kind: 'count' },
    },
  },
  reputation: {
    id: 'reputation',
    label: 'Reputation',
    description: 'Trust propagated over signed ratings: a person is reputable when fair raters rate them well.',
    reference:
      'Kumar, Spezzano, Subrahmanian and Faloutsos, "Edge weight prediction in weighted signed networks", ICDM 2016 (Fairness and Goodness)',
    scores: [
      {
        column: COLUMN.reputation,
        label: 'Reputation',
        description:
          "Goodness: the mean rating a person received, each rating weighted by its rater's fairness; empty when nobody rated them.",
        unit: 'rating',
        range: [-1, 1],
        kind: 'float',
        explanation:
          "The ratings they received, each with its rater's fairness: a fair rater's rating counts fully, an unreliable rater's less.",
      },
      {
        column: COLUMN.fairness,
        label: 'Fairness',
        description:
          "How reliable a person's ratings are: 1 when they always agree with the consensus on whom they rate; empty when they rated nobody.",
        unit: 'reliability',
        range: [0, 1],
        kind: 'float',
        explanation:
          'One minus half the mean distance between their ratings and the reputations of the people they rated.',
      },
      {
        column: COLUMN.detractor,
        label: 'Detractor',
        description: 'Reputation or brand sentiment below the detractor threshold (default -0.2).',
        unit: 'yes/no',
        range: [0, 1],
        kind: 'boolean',
        higherIsBetter: false,
        explanation:
          'Whether their reputation or their sentiment toward the business is below the threshold; unknown counts as no.',
      },
      {
        column: COLUMN.detractorReach,
        label: 'Detractor reach',
        description:
          'For a detractor, the expected number of people their message reaches, themself included, under the default diffusion model.',
        unit: 'people',
        kind: 'float',
        higherIsBetter: false,
        explanation:
          'Their expected reach: how far a complaint they start would travel; empty for people who are not detractors.',
      },
    ],
    figures: {
      reputationIterations: { label: 'Reputation iterations', kind: 'count' },
      reputationChange: { label: 'Reputation change at the last iteration', kind: 'tiny' },
      reputationConverged: { label: 'Reputation converged', kind: 'yes/no' },
      detractors: { label: 'Detractors', kind: 'count' },
    },
  },
} as const satisfies Record<string, FamilyDeclaration>;

export type FamilyId = keyof typeof DECLARATIONS;

/** Every family's declaration, in the order the families run. */
export const FAMILY_DECLARATIONS: readonly FamilyDeclaration[] = Object.values(DECLARATIONS);

/** The scores computed on each channel too, as columns `<column>__<channel key>` (channelColumn). */
export const PER_CHANNEL_COLUMNS = [COLUMN.influence, COLUMN.audience, COLUMN.reach2] as const;

/** A channel as a score set records it (meta.channels): its name in the data and the key its columns carry. */
export interface ChannelEntry {
  name: string;
  key: string;
  /** Relationships on the channel in the scored graph. */
  relationships: number;
}

/**
 * The column-name keys of channel names, in order: lower-case letters, digits and _ (store column names allow no
 * more), at most 30 characters, unique (a repeat gets _2, _3, ...).
 */
export function channelKeys(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let key = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 30);
    if (!/^[a-z]/.test(key)) key = `c_${key}`.replace(/_+$/, '');
    let unique = key;
    for (let k = 2; used.has(unique); k++) unique = `${key}_${k}`;
    used.add(unique);
    return unique;
  });
}

/** The column of a per-channel score (PER_CHANNEL_COLUMNS) on one channel, e.g. `influence__forum`. */
export function channelColumn(column: string, key: string): string {
  return `${column}__${key}`;
}

/** The declaration of a per-channel column: the score's own, said of the channel. */
export function channelColumnDefinition(column: string, channel: { name: string; key: string }): ScoreDefinition {
  const definition = scoreDefinition(column)!;
  return {
    ...definition,
    column: channelColumn(column, channel.key),
    label: `${definition.label} on ${channel.name}`,
    description: `${definition.description} Counting only relationships on ${channel.name}.`,
    explanation: `${definition.explanation} Empty for people with no relationship on ${channel.name}.`,
  };
}

/** Every score column, family by family. */
export function scoreDefinitions(): ScoreDefinition[] {
  return FAMILY_DECLARATIONS.flatMap((family) => family.scores);
}

/** A column's declaration; a per-channel column (`influence__forum`) reads as its score's own. */
export function scoreDefinition(column: string): ScoreDefinition | undefined {
  const separator = column.indexOf('__');
  const base = separator > 0 ? column.slice(0, separator) : column;
  if (separator > 0 && !(PER_CHANNEL_COLUMNS as readonly string[]).includes(base)) return undefined;
  return declarationsByColumn().get(base)?.score;
}

/** Each column's declaration and family, made once: the API looks columns up for every person it answers with. */
let byColumn: Map<string, { score: ScoreDefinition; family: FamilyDeclaration }> | null = null;

function declarationsByColumn(): Map<string, { score: ScoreDefinition; family: FamilyDeclaration }> {
  if (!byColumn) {
    byColumn = new Map();
    for (const family of FAMILY_DECLARATIONS) {
      for (const score of family.scores) if (!byColumn.has(score.column)) byColumn.set(score.column, { score, family });
    }
  }
  return byColumn;
}

/** The family that declares a column. */
export function familyOfColumn(column: string): FamilyDeclaration | undefined {
  return declarationsByColumn().get(column)?.family;
}

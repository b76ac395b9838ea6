import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import type { SelectionRules } from './max-coverage.ts';

/** The constraints a marketer sets on advocates, by person id. */
export interface AdvocateConstraints {
  /** People who must not be chosen. */
  exclude?: readonly string[];
  /**
   * Exclude detractors: people whose sentiment (snapshot.attributes.sentiment, in [-1, 1]) is below `sentimentBelow`,
   * or whose `reputation` is below `reputationBelow`. People with neither known are not detractors. Default false.
   */
  excludeDetractors?: boolean;
  /** Default 0: negative sentiment makes a detractor. */
  sentimentBelow?: number;
  /** A reputation per person (NaN where unknown), e.g. the reputation family's goodness in [-1, 1]. */
  reputation?: ArrayLike<number> | null;
  /** Default 0. */
  reputationBelow?: number;
  /** Only people marked as customers may be chosen (unknown counts as not a customer). Default false. */
  customersOnly?: boolean;
  /** People chosen whatever the model says, first and in this order; they count towards k and the caps. */
  mustInclude?: readonly string[];
  /** A community label per person (NaN: none), e.g. the communities family's `community` column. */
  communities?: ArrayLike<number> | null;
  /** The most advocates from one community; needs `communities`. Default none. */
  capPerCommunity?: number | null;
}

export interface ResolvedRules extends SelectionRules {
  /** People the greedy may choose besides the must-include ones. */
  candidates: number;
  /** How many were excluded, by reason (a person may have several). */
  excluded: { explicit: number; detractors: number; nonCustomers: number };
  warnings: string[];
}

/** Turns constraints given by id into index-based rules, checking that they can all hold together. */
export function resolveRules(
  snapshot: Snapshot,
  k: number,
  constraints: AdvocateConstraints,
  where: string,
): ResolvedRules {
  const n = snapshot.nodeCount;
  const warnings: string[] = [];
  const eligible = new Uint8Array(n).fill(1);
  // The people made ineligible so far, counted as they are, so that no pass over everyone is needed by default (the
  // selection runs once per command, where such a pass is still unoptimised JavaScript).
  let ineligible = 0;
  const makeIneligible = (v: number) => {
    if (eligible[v] === 1) ineligible++;
    eligible[v] = 0;
  };
  const explicit = new Uint8Array(n);
  let explicitCount = 0;
  for (const id of constraints.exclude ?? []) {
    const v = snapshot.indexOfOrThrow(id, where);
    if (explicit[v]) continue;
    explicit[v] = 1;
    explicitCount++;
    makeIneligible(v);
  }

  let detractors = 0;
  if (constraints.excludeDetractors) {
    const sentimentBelow = checkNumber(where, 'sentimentBelow', constraints.sentimentBelow ?? 0);
    const reputationBelow = checkNumber(where, 'reputationBelow', constraints.reputationBelow ?? 0);
    const sentiment = snapshot.attributes.sentiment;
    const reputation = constraints.reputation ?? null;
    if (reputation && reputation.length !== n)
      throw new InvalidOptionsError(where, '"reputation" needs one value per person');
    if (!sentiment && !reputation)
      warnings.push('no sentiment or reputation is known: nobody was excluded as a detractor');
    for (let v = 0; v < n; v++) {
      const bySentiment = sentiment !== null && sentiment[v] < sentimentBelow;
      const byReputation = reputation !== null && reputation[v] < reputationBelow;
      if (bySentiment || byReputation) {
        makeIneligible(v);
        detractors++;
      }
    }
  }

  let nonCustomers = 0;
  if (constraints.customersOnly) {
    const customer = snapshot.attributes.customer;
    if (!customer) throw new InvalidOptionsError(where, '"customersOnly": nobody is marked as a customer or not');
    for (let v = 0; v < n; v++) {
      if (customer[v] !== 1) {
        makeIneligible(v);
        nonCustomers++;
      }
    }
  }

  const must: number[] = [];
  const isMust = new Uint8Array(n);
  for (const id of constraints.mustInclude ?? []) {
    const v = snapshot.indexOfOrThrow(id, where);
    if (isMust[v]) continue;
    if (explicit[v]) throw new InvalidOptionsError(where, `person "${id}" is both excluded and must-include`);
    if (!eligible[v]) warnings.push(`person "${id}" is a detractor or not a customer but must be included: included`);
    isMust[v] = 1;
    must.push(v);
  }
  if (must.length > k) throw new InvalidOptionsError(where, `${must.length} must-include people exceed k = ${k}`);

  let community: Int32Array | null = null;
  let cap = Infinity;
  if (constraints.capPerCommunity !== undefined && constraints.capPerCommunity !== null) {
    cap = checkNumber(where, 'capPerCommunity', constraints.capPerCommunity, { min: 1, integer: true });
    if (!constraints.communities) throw new InvalidOptionsError(where, '"capPerCommunity" needs "communities"');
  }
  if (constraints.communities) {
    if (constraints.communities.length !== n)
      throw new InvalidOptionsError(where, '"communities" needs one label per person');
    community = denseLabels(constraints.communities);
    if (Number.isFinite(cap)) {
      const chosen = new Map<number, number>();
      for (const v of must) {
        const c = community[v];
        if (c < 0) continue;
        chosen.set(c, (chosen.get(c) ?? 0) + 1);
        if (chosen.get(c)! > cap) {
          throw new InvalidOptionsError(
            where,
            `must-include people put more than ${cap} advocates in community ${constraints.communities[v]}`,
          );
        }
      }
    }
  }

  let candidates = n - ineligible;
  for (const v of must) if (eligible[v]) candidates--;
  if (candidates + must.length < k) {
    warnings.push(`only ${candidates + must.length} people may be chosen: fewer than k = ${k} advocates`);
  }
  return {
    eligible,
    mustInclude: Int32Array.from(must),
    k,
    community,
    capPerCommunity: cap,
    candidates,
    excluded: { explicit: explicitCount, detractors, nonCustomers },
    warnings,
  };
}

/** Maps arbitrary numeric labels to 0..c-1 in order of first appearance; NaN becomes -1 (no community). */
function denseLabels(labels: ArrayLike<number>): Int32Array {
  const out = new Int32Array(labels.length);
  const seen = new Map<number, number>();
  for (let v = 0; v < labels.length; v++) {
    const label = labels[v];
    if (Number.isNaN(label)) {
      out[v] = -1;
      continue;
    }
    let dense = seen.get(label);
    if (dense === undefined) {
      dense = seen.size;
      seen.set(label, dense);
    }
    out[v] = dense;
  }
  return out;
}

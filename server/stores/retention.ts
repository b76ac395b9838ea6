/**
 * Which score versions a store keeps: the newest `versions` complete versions that are at most `days` old (by when
 * they were written), and always the current one and the one before it (the movers summary compares them), however
 * old. A person's history (server/views/person-history.ts) follows the versions kept; both stores prune by this rule
 * after publishing a version.
 */
export interface Retention {
  /** Complete versions kept at most (the current and the previous one count among them). */
  versions: number;
  /** Versions written longer ago than this many days go (unless current or previous). */
  days: number;
}

/** The retention when nobody chooses one: a year's monthly scorings fit, half a year back. */
export const RETENTION_DEFAULTS: Readonly<Retention> = { versions: 12, days: 180 };

const DAY_MS = 86_400_000;

/** A complete version as the pruning sees it: its number and when it was written (ms since the epoch). */
export interface KeptVersion {
  version: number;
  writtenAtMs: number;
}

/** The complete versions to drop under `retention` at `nowMs`; `pinned` (current, previous) are never dropped. */
export function versionsToDrop(
  versions: readonly KeptVersion[],
  pinned: ReadonlyArray<number | null | undefined>,
  retention: Retention = RETENTION_DEFAULTS,
  nowMs: number = Date.now(),
): number[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const maxAgeMs = retention.days * DAY_MS;
  return newestFirst
    .filter(
      (v, rank) => !pinned.includes(v.version) && (rank >= retention.versions || nowMs - v.writtenAtMs > maxAgeMs),
    )
    .map((v) => v.version);
}

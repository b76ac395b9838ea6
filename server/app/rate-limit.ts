/** How many requests one token may make: a sustained rate and a burst on top of it. */
export interface RateLimit {
  /** Requests per second, sustained. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell (the bucket's size). */
  burst: number;
}

/** 50 requests a second per token with bursts of 100: the app's busiest screen makes about ten at once. */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };

/**
 * A token bucket per key (an API token's public id): each request takes one unit; units come back at `perSecond`, up
 * to `burst`. One client looping over expensive calls then cannot take every other user's share of the server.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { units: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one unit for `key`: 0 when allowed, otherwise the whole seconds to wait before the next one is. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { units: this.limit.burst, at: now };
    bucket.units = Math.min(this.limit.burst, bucket.units + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.units >= 1) {
      bucket.units -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.units) / this.limit.perSecond));
  }
}

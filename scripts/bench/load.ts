import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { loadTest } from 'loadtest';

/** Latencies of one load run, in milliseconds. */
export interface LoadResult {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests that failed, timed out or answered anything but 2xx. */
  errors: number;
}

export interface ConstantRateOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:8080/`. */
  base: string;
  /** Path and query of the next request. */
  path: () => string;
  headers?: Record<string, string>;
  /** Requests per second. */
  rate: number;
  seconds: number;
}

/**
 * A constant-rate load with loadtest (`requestsPerSecond`): one timer sends a request every 1/rate seconds whether or
 * not earlier ones were answered, adding keep-alive clients as needed, so a server that falls behind shows its queueing
 * in the percentiles. It stops once rate × seconds requests have been answered, so the slowest are counted too.
 *
 * Not autocannon: its rate limit lets each connection send its whole allowance at the start of every second (its HTTP
 * client resets a per-second counter), so the server sees one burst a second and the percentiles measure the burst.
 */
export function constantRateLoad(options: ConstantRateOptions): Promise<LoadResult> {
  const { base, path, headers = {}, rate, seconds } = options;
  const requests = Math.round(rate * seconds);
  return new Promise((resolve, reject) => {
    loadTest(
      {
        url: base,
        headers,
        requestsPerSecond: rate,
        maxRequests: requests,
        // A guard only: the run ends after `requests` answers, long before this unless the server stops answering.
        maxSeconds: seconds * 10,
        timeout: 10_000,
        agentKeepAlive: true,
        quiet: true,
        // loadtest calls this as (options, params, request, onResponse), not in the order its typings give.
        requestGenerator: ((
          _options: unknown,
          params: RequestOptions,
          request: RequestFunction,
          onResponse: (res: IncomingMessage) => void,
        ) => request({ ...params, path: path() }, onResponse)) as never,
      },
      (error: Error | null, result: RawResult) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          requests: result.totalRequests,
          p50: result.percentiles[50],
          p90: result.percentiles[90],
          p99: result.percentiles[99],
          max: result.maxLatencyMs,
          errors: result.totalErrors,
        });
      },
    );
  });
}

type RequestFunction = (options: RequestOptions, onResponse: (res: IncomingMessage) => void) => ClientRequest;

/** The fields of loadtest's result used here (its latencies are whole milliseconds). */
interface RawResult {
  totalRequests: number;
  totalErrors: number;
  percentiles: Record<number, number>;
  maxLatencyMs: number;
}

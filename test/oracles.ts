import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FIXTURES_DIR } from './datasets.ts';

/** Reads a NetworkX reference file made by scripts/oracles/make_fixtures.py. */
export function loadOracle<T = Record<string, number>>(name: string): { networkx: string; call: string; values: T } {
  return JSON.parse(gunzipSync(readFileSync(join(FIXTURES_DIR, 'oracles', `${name}.json.gz`))).toString('utf8'));
}

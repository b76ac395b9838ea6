import { generateDemoNetwork } from '../../graph/demo/customer-community.ts';

/**
 * Prints the synthetic demo network's relationships as JSON, `[source, target, channel, time]` each, for
 * make_fixtures.py's per-channel PageRank reference: `node --import tsx scripts/oracles/demo-network.ts [people]`.
 */
const people = Number(process.argv[2] ?? 600);
const { relationships } = generateDemoNetwork({ people });
process.stdout.write(JSON.stringify(relationships.map((r) => [r.source, r.target, r.channel ?? '', r.time ?? null])));

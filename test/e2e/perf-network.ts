import { writeFileSync } from 'node:fs';
import { Random } from '../../graph/random.ts';

/**
 * A network of exactly `people` people and `links` distinct links, written as a SNAP edge list, for the render
 * figure: every person and link fits in one `graph.view` of the top 5,000. Each person first gets one link (so all are
 * in the network); the rest pick their target uniformly half the time and otherwise copy the target of an existing
 * link (preferential attachment), so a few people gather many links, as in real networks.
 */
export function writePerfNetwork(file: string, people = 5000, links = 25_000, seed = 7): void {
  const random = new Random(seed);
  const seen = new Set<number>();
  const lines = ['# synthetic network for the browser render test'];
  const targets: number[] = [];
  const add = (source: number, target: number): boolean => {
    const key = source * people + target;
    if (source === target || seen.has(key)) return false;
    seen.add(key);
    targets.push(target);
    lines.push(`${source}\t${target}`);
    return true;
  };
  for (let person = 0; person < people; person++) while (!add(person, random.nextInt(people)));
  while (targets.length < links) {
    const source = random.nextInt(people);
    add(source, random.next() < 0.5 ? targets[random.nextInt(targets.length)] : random.nextInt(people));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

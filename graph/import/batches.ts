import type { ImportBatch, Person, Relationship } from '../model.ts';

export const DEFAULT_BATCH_SIZE = 10_000;

/**
 * Collects an importer's rows into batches. A person first met as an endpoint of a relationship is emitted as a bare
 * person ({ id }) in the same batch, before the relationship, so every store sees people before their relationships.
 * Stores merge a bare person into an existing one without erasing its attributes.
 */
export class BatchCollector {
  private readonly seen = new Set<string>();
  private people: Person[] = [];
  private relationships: Relationship[] = [];

  constructor(private readonly batchSize = DEFAULT_BATCH_SIZE) {}

  person(person: Person): void {
    this.seen.add(person.id);
    this.people.push(person);
  }

  relationship(relationship: Relationship): void {
    this.ensurePerson(relationship.source);
    this.ensurePerson(relationship.target);
    this.relationships.push(relationship);
  }

  private ensurePerson(id: string): void {
    if (!this.seen.has(id)) {
      this.seen.add(id);
      this.people.push({ id });
    }
  }

  get full(): boolean {
    return this.people.length + this.relationships.length >= this.batchSize;
  }

  get empty(): boolean {
    return this.people.length === 0 && this.relationships.length === 0;
  }

  take(): ImportBatch {
    const batch = { people: this.people, relationships: this.relationships };
    this.people = [];
    this.relationships = [];
    return batch;
  }
}

/** Splits a file into lines without materialising it: yields each line (without its end) and its 1-based number. */
export async function* readLines(stream: AsyncIterable<Buffer>): AsyncGenerator<[line: string, number: number]> {
  let carry = '';
  let number = 0;
  for await (const chunk of stream) {
    const text = carry + chunk.toString('utf8');
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      number++;
      yield [text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), number];
      start = end + 1;
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry, number + 1];
}

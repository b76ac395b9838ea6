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

/**
 * Splits a stream into lines without materialising the file: yields the complete lines of each chunk (without their
 * ends) and the 1-based number of the first. Per-chunk rather than per-line yields keep the async overhead off the
 * hot path.
 */
export async function* readLineChunks(
  stream: AsyncIterable<Buffer>,
): AsyncGenerator<{ lines: string[]; first: number }> {
  let carry = '';
  let next = 1;
  for await (const chunk of stream) {
    const text = carry + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      carry = text;
      continue;
    }
    const lines = text.slice(0, end).split('\n');
    carry = text.slice(end + 1);
    for (let i = 0; i < lines.length; i++)
      if (lines[i].charCodeAt(lines[i].length - 1) === 13) lines[i] = lines[i].slice(0, -1);
    yield { lines, first: next };
    next += lines.length;
  }
  if (carry.length > 0) yield { lines: [carry.endsWith('\r') ? carry.slice(0, -1) : carry], first: next };
}

/** Splits a line on runs of tabs and spaces, without a regular expression (the importers' hot path). */
export function splitWhitespace(line: string): string[] {
  const fields: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 32;
    if (c === 32 || c === 9) {
      if (start >= 0) {
        fields.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return fields;
}

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { InputError } from '../errors.ts';
import { influenceDirection, type ImportBatch, type Person, type RelationshipKind } from '../model.ts';
import { BatchCollector } from './batches.ts';
import {
  optionalBoolean,
  optionalKind,
  optionalList,
  optionalNumber,
  optionalText,
  optionalTime,
  optionalUnitInterval,
  optionalWeight,
  type Position,
} from './fields.ts';

export type GraphologyFormat = 'json' | 'gexf' | 'graphml';

export interface GraphologyFormatOptions {
  kind: RelationshipKind;
  batchSize: number;
}

/**
 * graphology's serialisation JSON, GEXF and GraphML, parsed by graphology's own parsers. These formats come from tools
 * such as Gephi and hold small graphs, so the file is parsed whole; attributes are validated as for CSV, and an error
 * names the line where the offending node or edge is declared.
 */
export async function* readGraphologyFormat(
  path: string,
  format: GraphologyFormat,
  options: GraphologyFormatOptions,
): AsyncGenerator<ImportBatch> {
  const file = basename(path);
  const text = await readFile(path, 'utf8');
  const graph = parseText(text, format, file);
  let lines: Map<string, number> | null = null;
  const at = (key: string): Position => ({ file, line: (lines ??= declarationLines(text, format)).get(key) ?? 1 });
  const collector = new BatchCollector(options.batchSize);
  for (const { node, attributes } of graph.nodeEntries()) {
    collector.person(personFromAttributes(node, attributes, () => at(node)));
    if (collector.full) yield collector.take();
  }
  for (const { edge, source: u, target: v, attributes, undirected } of graph.edgeEntries()) {
    const position = (): Position => at(edge);
    const kind = optionalKind(stringOrUndefined(attributes.kind), options.kind, position());
    const [source, target] = influenceDirection(u, v, kind);
    const weight = optionalWeight(attributes.weight as number | string | undefined, position());
    const rating = optionalUnitInterval(attributes.rating as number | string | undefined, position(), 'rating');
    const time = optionalTime(attributes.time as number | string | undefined, position());
    const channel = optionalText(stringOrUndefined(attributes.channel));
    const extra = Object.assign(
      {},
      channel !== undefined && { channel },
      rating !== undefined && { rating },
      time !== undefined && { time },
    );
    collector.relationship({ source, target, kind, weight, ...extra });
    if (undirected) collector.relationship({ source: target, target: source, kind, weight, ...extra });
    if (collector.full) yield collector.take();
  }
  if (!collector.empty) yield collector.take();
}

function parseText(text: string, format: GraphologyFormat, file: string): AbstractGraph {
  try {
    if (format === 'json') {
      const graph = new MultiGraph({ allowSelfLoops: true, type: 'mixed' });
      graph.import(JSON.parse(text));
      return graph;
    }
    if (format === 'gexf') return parseGexf(MultiGraph, text, { allowUndeclaredAttributes: true });
    return parseGraphml(MultiGraph, text);
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/line[: ](\d+)/i.exec(message)?.[1] ?? 1);
    throw new InputError(file, line, format, `cannot be parsed: ${message}`);
  }
}

function personFromAttributes(id: string, attributes: Attributes, at: () => Position): Person {
  const person: Person = { id };
  const label = optionalText(stringOrUndefined(attributes.label));
  const handle = optionalText(stringOrUndefined(attributes.handle));
  const segment = optionalText(stringOrUndefined(attributes.segment));
  const region = optionalText(stringOrUndefined(attributes.region));
  const channels = optionalList(attributes.channels as string | string[] | undefined);
  const customer =
    attributes.customer === undefined
      ? undefined
      : optionalBoolean(attributes.customer as string | boolean, at(), 'customer');
  const clv =
    attributes.clv === undefined
      ? undefined
      : optionalNumber(attributes.clv as number | string, at(), 'clv', { min: 0 });
  const sentiment =
    attributes.sentiment === undefined
      ? undefined
      : optionalUnitInterval(attributes.sentiment as number | string, at(), 'sentiment');
  return Object.assign(
    person,
    label !== undefined && { label },
    handle !== undefined && { handle },
    segment !== undefined && { segment },
    region !== undefined && { region },
    channels !== undefined && { channels },
    customer !== undefined && { customer },
    clv !== undefined && { clv },
    sentiment !== undefined && { sentiment },
  );
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * The 1-based line declaring each node or edge key (its id attribute, or its "key" in JSON), first declaration first:
 * one pass over the text, however many keys are asked for.
 */
function declarationLines(text: string, format: GraphologyFormat): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = format === 'json' ? /"key"\s*:\s*"((?:[^"\\]|\\.)*)"/g : /\bid\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(pattern)) {
    for (let i = scanned; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = match.index;
    const raw = match[1] ?? match[2];
    const key = format === 'json' ? (JSON.parse(`"${raw}"`) as string) : unescapeXml(raw);
    if (!lines.has(key)) lines.set(key, line);
  }
  return lines;
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi,
    (entity, name: string, decimal?: string, hex?: string) => {
      if (decimal) return String.fromCodePoint(Number(decimal));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name.toLowerCase()] ?? entity;
    },
  );
}

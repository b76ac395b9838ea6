import { basename } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { DOMParser } from '@xmldom/xmldom';
import { InputFileError } from '../errors.ts';
import { influenceDirection, type ImportBatch, type Person, type RelationshipKind } from '../model.ts';
import { BatchCollector } from './batches.ts';
import {
  optionalKind,
  optionalText,
  optionalTime,
  optionalUnitInterval,
  optionalWeight,
  personFrom,
  type PersonValues,
  type Position,
} from './fields.ts';
import { readInputText } from './input.ts';

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
  const text = await readInputText(path);
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
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      // V8 quotes the text in its message: keep the problem, and the line where it says where.
      const message = (error as Error).message;
      const line = Number(/line (\d+) column/.exec(message)?.[1] ?? NaN);
      const position = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
      const problem = message.split(/, "|\s+in JSON at /)[0];
      throw new InputFileError(
        file,
        `is not valid JSON (${problem})`,
        line > 0 ? line : position >= 0 ? lineAt(text, position) : null,
      );
    }
    try {
      const graph = new MultiGraph({ allowSelfLoops: true, type: 'mixed' });
      graph.import(data as never);
      return graph;
    } catch (error) {
      throw new InputFileError(file, `is not a graphology JSON graph (${plain((error as Error).message)})`);
    }
  }
  const document = parseXml(text, format, file);
  try {
    return format === 'gexf'
      ? parseGexf(MultiGraph, document, { allowUndeclaredAttributes: true })
      : parseGraphml(MultiGraph, document);
  } catch (error) {
    throw new InputFileError(file, `cannot be read as ${FORMAT_NAMES[format]}: ${plain((error as Error).message)}`);
  }
}

const FORMAT_NAMES: Record<GraphologyFormat, string> = { json: 'graphology JSON', gexf: 'GEXF', graphml: 'GraphML' };

/**
 * Parses GEXF or GraphML as XML without letting the XML parser print anything: the first problem it reports (a fatal
 * error before an error before a warning) becomes one InputFileError with its line, and a document whose root is not
 * <gexf> / <graphml> or that has no <graph> is refused before graphology's parser reads it.
 */
function parseXml(text: string, format: 'gexf' | 'graphml', file: string): Document {
  const problems: Array<{ level: string; message: string; line: number | null }> = [];
  const document = new DOMParser({
    locator: {},
    errorHandler: (level: string, message: string) => {
      const line = Number(/@#\[line:(\d+)/.exec(message)?.[1] ?? NaN);
      const text = message.replace(/^\[xmldom \w+\]\s*/, '').replace(/\s*@#\[line:.*$/s, '');
      problems.push({ level, message: text, line: line > 0 ? line : null });
    },
  }).parseFromString(text, 'application/xml') as unknown as Document;
  const rank = (p: { level: string; message: string }) =>
    p.level === 'fatalError'
      ? 0
      : p.level === 'error' && !p.message.includes('Hierarchy request')
        ? 1
        : p.level === 'error'
          ? 2
          : 3;
  const first = [...problems].sort((a, b) => rank(a) - rank(b))[0];
  const root = document?.documentElement?.nodeName?.toLowerCase();
  if (first) throw new InputFileError(file, `is not well-formed XML: ${first.message}`, first.line);
  if (!root)
    throw new InputFileError(
      file,
      `is not XML: a ${FORMAT_NAMES[format]} file starts with <${format}> (is --format right?)`,
      1,
    );
  if (root !== format)
    throw new InputFileError(
      file,
      `is not a ${FORMAT_NAMES[format]} file: its root element is <${root}>, expected <${format}>`,
    );
  if (document.getElementsByTagName('graph').length === 0)
    throw new InputFileError(file, `has no <graph> element, so no network to import`);
  return document;
}

/** graphology's messages start with the package name; a user needs the rest. */
function plain(message: string): string {
  return message.replace(/^graphology[\w-]*(\/\w+)?:\s*/, '');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function personFromAttributes(id: string, attributes: Attributes, at: () => Position): Person {
  return personFrom(id, attributes as PersonValues, at);
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

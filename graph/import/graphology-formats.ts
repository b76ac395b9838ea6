import { basename } from 'node:path';
import { MultiGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { InputError, InputFileError } from '../errors.ts';
import type { ImportBatch, RelationshipKind } from '../model.ts';
import { BatchCollector } from './batches.ts';
import { personFrom, relationshipsFrom, type PersonValues, type Position } from './fields.ts';
import { readInputText } from './input.ts';
import { readXmlFormat } from './xml-formats.ts';

export type GraphologyFormat = 'json' | 'gexf' | 'graphml';

export interface GraphologyFormatOptions {
  kind: RelationshipKind;
  batchSize: number;
}

/**
 * graphology's serialisation JSON, GEXF and GraphML. GEXF and GraphML are read as a stream (xml-formats.ts); the JSON
 * file is parsed whole by graphology, as it holds small graphs; attributes are validated as for CSV, and an error names
 * the line where the offending node or edge is declared.
 */
export async function* readGraphologyFormat(
  path: string,
  format: GraphologyFormat,
  options: GraphologyFormatOptions,
): AsyncGenerator<ImportBatch> {
  if (format !== 'json') {
    yield* readXmlFormat(path, format, options);
    return;
  }
  const file = basename(path);
  const text = await readInputText(path);
  const graph = parseJson(text, file);
  // The line is found only when an error is reported: looking it up for every edge rescanned the text each time.
  const at = (needle: string): Position => ({
    file,
    get line() {
      return lineOf(text, needle, format);
    },
  });
  const collector = new BatchCollector(options.batchSize);
  for (const { node, attributes } of graph.nodeEntries()) {
    if (node.includes('\0')) throw new InputError(file, at(node).line, 'id', 'contains a NUL character');
    collector.person(personFrom(node, attributes as PersonValues, () => at(node)));
    if (collector.full) yield collector.take();
  }
  for (const { edge, source, target, attributes, undirected } of graph.edgeEntries()) {
    for (const relationship of relationshipsFrom(source, target, attributes, undirected, options.kind, at(edge)))
      collector.relationship(relationship);
    if (collector.full) yield collector.take();
  }
  if (!collector.empty) yield collector.take();
}

function parseJson(text: string, file: string): AbstractGraph {
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
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const found = Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`;
    throw new InputError(
      file,
      1,
      'nodes',
      `is missing: a graphology JSON graph is an object with "nodes" and "edges" arrays, this file holds ${found}`,
    );
  }
  for (const field of ['nodes', 'edges'] as const) {
    const value = (data as Record<string, unknown>)[field];
    if (value !== undefined && !Array.isArray(value))
      throw new InputError(file, lineOf(text, `"${field}"`, 'raw'), field, 'must be an array');
  }
  try {
    const graph = new MultiGraph({ allowSelfLoops: true, type: 'mixed' });
    graph.import(data as never);
    return graph;
  } catch (error) {
    throw new InputFileError(file, `is not a graphology JSON graph (${plain((error as Error).message)})`);
  }
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

/** The 1-based line declaring a node or edge key, found by its key; 1 when it cannot be found. */
function lineOf(text: string, key: string, format: 'json' | 'raw'): number {
  const needles = format === 'raw' ? [key] : [`"key":"${key}"`, `"key": "${key}"`];
  for (const needle of needles) {
    const index = text.indexOf(needle);
    if (index >= 0) return lineAt(text, index);
  }
  return 1;
}

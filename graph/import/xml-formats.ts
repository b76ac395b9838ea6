import { basename } from 'node:path';
import { SaxesParser } from 'saxes';
import { InputError, InputFileError } from '../errors.ts';
import type { ImportBatch, RelationshipKind } from '../model.ts';
import { BatchCollector } from './batches.ts';
import { personFrom, relationshipsFrom, requiredId, type PersonValues, type Position } from './fields.ts';
import { readInput } from './input.ts';

export type XmlFormat = 'gexf' | 'graphml';

export interface XmlFormatOptions {
  kind: RelationshipKind;
  batchSize: number;
}

const FORMAT_NAMES: Record<XmlFormat, string> = { gexf: 'GEXF', graphml: 'GraphML' };

/** An attribute as a GEXF <attribute> or a GraphML <key> declares it: the name it gives a value, and its GEXF type. */
interface Declared {
  name: string;
  type: string;
}

/** A node or edge being read: its start tag's line and attributes, and the values met inside it so far. */
interface Element {
  tag: 'node' | 'edge';
  line: number;
  attributes: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** An edge read in full, waiting (in file order) while one of its ends is not yet declared. */
interface PendingEdge {
  source: string;
  target: string;
  undirected: boolean;
  values: Record<string, string | string[]>;
  line: number;
}

/**
 * GEXF and GraphML, read as a stream with a SAX parser (saxes): each node becomes a person and each edge one
 * relationship (two for an undirected edge) as its closing tag is read, so a file of any size imports in one pass
 * without a document tree or a graph in memory. What is read is what graphology's GEXF and GraphML parsers read:
 * declared attributes (GEXF <attributes>, GraphML <key>) and their defaults, undeclared GEXF attvalues under their own
 * id, GEXF label, weight and kind written on the element, an edge's own type or direction against the graph's default;
 * values are validated as for CSV. Every error names the file and the line (of the node's or edge's start tag).
 *
 * Refused: a document type declaration (it can define entities whose text would be stored as labels; neither format
 * needs one), XML that is not well-formed, a root other than <gexf> / <graphml>, a file with no <graph>, a node
 * declared twice, and an edge whose end is not a node of the file (graphology's parsers refused it too). An edge may
 * come before the nodes it joins (GraphML allows it): from that edge on, edges wait in file order until the end.
 */
export async function* readXmlFormat(
  path: string,
  format: XmlFormat,
  options: XmlFormatOptions,
): AsyncGenerator<ImportBatch> {
  const file = basename(path);
  const name = FORMAT_NAMES[format];
  const collector = new BatchCollector(options.batchSize);
  const ready: ImportBatch[] = [];
  const parser = new SaxesParser({ position: true });

  const declared: Record<'node' | 'edge', Map<string, Declared>> = { node: new Map(), edge: new Map() };
  const defaults: Record<'node' | 'edge', Record<string, string | string[]>> = { node: {}, edge: {} };
  const nodes = new Set<string>();
  const pending: PendingEdge[] = [];
  const open: Element[] = [];
  let root: string | null = null;
  let firstText: string | null = null;
  let graphs = 0;
  let directedByDefault = false;
  // GEXF <attributes class="..."> being read; the <attribute> or <key> whose <default> is being read.
  let declaring: 'node' | 'edge' | null = null;
  let declaringDefault: { scope: 'node' | 'edge'; attribute: Declared } | null = null;
  // Text of a GraphML <data> or a <default>, collected between its tags.
  let text: string | null = null;
  let dataKey: string | null = null;
  let tagLine = 1;

  const at = (line: number): Position => ({ file, line });
  const emit = (source: string, target: string, undirected: boolean, values: PendingEdge['values'], line: number) => {
    for (const relationship of relationshipsFrom(source, target, values, undirected, options.kind, at(line)))
      collector.relationship(relationship);
    if (collector.full) ready.push(collector.take());
  };
  const value = (type: string, raw: string): string | string[] => (type.startsWith('list') ? listPieces(raw) : raw);

  parser.on('error', (error) => {
    const message = error.message.replace(/^\d+:\d+:\s*/, '');
    if (root === null && !(firstText ?? '').trimStart().startsWith('<'))
      throw new InputFileError(file, `is not XML: a ${name} file starts with <${format}> (is --format right?)`, 1);
    if (root === null && /root element/.test(message))
      throw new InputFileError(file, `is not XML: a ${name} file starts with <${format}> (is --format right?)`, 1);
    throw new InputFileError(file, `is not well-formed XML: ${message.replace(/\.$/, '')}`, parser.line);
  });
  parser.on('doctype', (doctype) => {
    // Reported where <!DOCTYPE starts: the parser is at its end.
    const line = parser.line - (doctype.match(/\n/g)?.length ?? 0);
    throw new InputError(file, line, 'DOCTYPE', `is not allowed in ${name} files`);
  });
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (root === null) {
      root = tag.name.toLowerCase();
      if (root !== format)
        throw new InputFileError(file, `is not a ${name} file: its root element is <${root}>, expected <${format}>`);
    }
    const inside = open.at(-1);
    switch (tag.name) {
      case 'graph':
        graphs++;
        directedByDefault =
          format === 'gexf' ? attributes.defaultedgetype === 'directed' : attributes.edgedefault === 'directed';
        return;
      case 'node':
      case 'edge':
        open.push({ tag: tag.name, line: tagLine, attributes, values: {} });
        if (format === 'gexf') {
          // graphology-gexf reads these three off the element; attvalues of the same name win.
          const values = open.at(-1)!.values;
          if (attributes.label) values.label = attributes.label;
          if (attributes.weight) values.weight = attributes.weight;
          if (attributes.kind) values.kind = attributes.kind;
        }
        return;
      case 'attributes':
        if (format === 'gexf')
          declaring = attributes.class === 'node' || attributes.class === 'edge' ? attributes.class : null;
        return;
      case 'attribute':
        if (format === 'gexf' && declaring) {
          const id = attributes.id || attributes.for;
          // graphology-gexf's rule: a numeric id (Gephi's) is named by its title, any other id by itself.
          const attribute = {
            name: Number.isNaN(Number(id)) ? id : attributes.title || id,
            type: attributes.type || 'string',
          };
          declared[declaring].set(id, attribute);
          declaringDefault = { scope: declaring, attribute };
        }
        return;
      case 'key':
        if (format === 'graphml') {
          const scope = attributes.for || 'node';
          if (scope === 'node' || scope === 'edge') {
            const attribute = { name: attributes['attr.name'] ?? attributes.id, type: 'string' };
            declared[scope].set(attributes.id, attribute);
            declaringDefault = { scope, attribute };
          }
        }
        return;
      case 'default':
        if (declaringDefault) text = '';
        return;
      case 'attvalue':
        if (format === 'gexf' && inside) {
          const id = attributes.id || attributes.for;
          const attribute = declared[inside.tag].get(id) ?? { name: id, type: 'string' };
          if (attributes.value !== undefined) inside.values[attribute.name] = value(attribute.type, attributes.value);
        }
        return;
      case 'data':
        if (format === 'graphml' && inside) {
          dataKey = attributes.key;
          text = '';
        }
        return;
    }
  });
  parser.on('text', (chunk) => {
    if (text !== null) text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (text !== null) text += chunk;
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'node':
      case 'edge': {
        const element = open.pop();
        if (!element) return;
        const scope = element.tag;
        for (const [key, fallback] of Object.entries(defaults[scope]))
          if (!(key in element.values)) element.values[key] = fallback;
        const position = at(element.line);
        if (scope === 'node') {
          const id = requiredId(element.attributes.id, position, 'id');
          if (nodes.has(id)) throw new InputError(file, element.line, 'id', `"${id}" is declared as a node twice`);
          nodes.add(id);
          collector.person(personFrom(id, element.values as PersonValues, () => position));
          if (collector.full) ready.push(collector.take());
          return;
        }
        const source = requiredId(element.attributes.source, position, 'source');
        const target = requiredId(element.attributes.target, position, 'target');
        const undirected = isUndirected(format, element.attributes, directedByDefault);
        if (pending.length > 0 || !nodes.has(source) || !nodes.has(target))
          pending.push({ source, target, undirected, values: element.values, line: element.line });
        else emit(source, target, undirected, element.values, element.line);
        return;
      }
      case 'attributes':
        declaring = null;
        return;
      case 'attribute':
      case 'key':
        declaringDefault = null;
        return;
      case 'default':
        if (declaringDefault && text !== null) {
          const { scope, attribute } = declaringDefault;
          defaults[scope][attribute.name] = value(attribute.type, text);
        }
        text = null;
        return;
      case 'data': {
        const inside = open.at(-1);
        if (inside && text !== null && dataKey !== null)
          inside.values[declared[inside.tag].get(dataKey)?.name ?? dataKey] = text;
        text = null;
        dataKey = null;
        return;
      }
    }
  });

  const decoder = new TextDecoder('utf-8');
  for await (const chunk of readInput(path)) {
    const piece = decoder.decode(chunk, { stream: true });
    if (firstText === null || firstText.trim() === '') firstText = (firstText ?? '') + piece;
    parser.write(piece);
    yield* ready.splice(0);
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close();
  if (root === null)
    throw new InputFileError(file, `is not XML: a ${name} file starts with <${format}> (is --format right?)`, 1);
  if (graphs === 0) throw new InputFileError(file, 'has no <graph> element, so no network to import');
  for (const edge of pending) {
    for (const [field, id] of [
      ['source', edge.source],
      ['target', edge.target],
    ] as const)
      if (!nodes.has(id))
        throw new InputError(file, edge.line, field, `"${id}" is not a node of this file (no <node id="${id}">)`);
    emit(edge.source, edge.target, edge.undirected, edge.values, edge.line);
  }
  yield* ready.splice(0);
  if (!collector.empty) yield collector.take();
}

/**
 * Whether an edge is undirected: its own type (GEXF `type`: directed, undirected or mutual; GraphML `directed`: true or
 * false), else the graph's default. graphology-graphml read only directed="true"; "false" is the specification's too.
 */
function isUndirected(format: XmlFormat, attributes: Record<string, string>, directedByDefault: boolean): boolean {
  const own = format === 'gexf' ? attributes.type : attributes.directed;
  if (format === 'gexf' && own) return own !== 'directed';
  if (format === 'graphml' && (own === 'true' || own === 'false')) return own === 'false';
  return !directedByDefault;
}

/** A GEXF list value as graphology-gexf reads it: "[a, 'b c']", "a|b" or "a,b". */
function listPieces(raw: string): string[] {
  const text = raw.trim();
  if (text.length >= 2 && text.startsWith('[') && text.endsWith(']'))
    return text
      .slice(1, -1)
      .split(',')
      .map((piece) => piece.trim().replace(/^(["'])(.*)\1$/s, '$2'))
      .filter((piece) => piece !== '');
  return text.split(text.includes('|') ? /\s*\|\s*/ : /\s*,\s*/);
}

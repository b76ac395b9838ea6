import { InvalidOptionsError } from '../errors.ts';
import { gexfChunks } from './gexf.ts';
import { graphmlChunks } from './graphml.ts';
import { jsonChunks } from './json.ts';
import { EXPORT_FORMATS, type ExportFormat, type GraphExportInput, type GraphExportOptions } from './options.ts';

export type { ExportColumn, ExportFormat, ExportPerson, GraphExportInput, GraphExportOptions } from './options.ts';
export { EXPORT_FORMATS } from './options.ts';
export { selectGraph, type GraphSelection, type SelectedGraph } from './selection.ts';

/** The scored graph in a format Gephi, Gephi Lite, NetworkX or graphology opens, as text chunks to stream. */
export function graphChunks(
  format: ExportFormat,
  input: GraphExportInput,
  options?: GraphExportOptions,
): AsyncGenerator<string> {
  switch (format) {
    case 'gexf':
      return gexfChunks(input, options);
    case 'graphml':
      return graphmlChunks(input, options);
    case 'json':
      return jsonChunks(input, options);
    default:
      throw new InvalidOptionsError(
        'graph export',
        `"format" must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
      );
  }
}

import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputFileError, InvalidOptionsError } from '../errors.ts';

/**
 * The one way Sway opens an input file: every importer reads its bytes from here. A file that starts with gzip's magic
 * bytes (1f 8b) is decompressed on the fly, whatever its name (SNAP and most public sources ship `.txt.gz`); a folder,
 * another compressed format or a binary file is refused with a message that says what the file looks like and what
 * Sway reads, before any parser sees it.
 *
 * The bytes come as a plain AsyncIterable of Buffer chunks, so that a parser may work on bytes (or decode them itself).
 */

/** What the importers read, in a user's words (for messages about files that are none of these). */
export const ACCEPTED_INPUT =
  'accepted formats are edge lists, signed CSV, CSV, graphology JSON, GEXF and GraphML, as plain UTF-8 text or gzip-compressed (.gz)';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Other containers people hand over by mistake, recognised by their first bytes. */
const OTHER_FORMATS: Array<{ magic: number[]; what: string }> = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (unzip it first)' },
  { magic: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file (decompress it first, or recompress it with gzip)' },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'an xz-compressed file (decompress it first, or recompress it with gzip)',
  },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file (decompress it first, or recompress it with gzip)' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive (unpack it first)' },
  { magic: [0xff, 0xfe], what: 'UTF-16 text (save it as UTF-8)' },
  { magic: [0xfe, 0xff], what: 'UTF-16 text (save it as UTF-8)' },
];

/** Bytes of (decompressed) content inspected to tell text from binary. */
const SNIFF_BYTES = 1024;

export interface InputOptions {
  /** Size of the chunks read from disk. Default 1 MiB. */
  chunkBytes?: number;
}

/**
 * Checks, before anything is read, that `path` names a file: a missing path or a folder is a bad argument
 * (InvalidOptionsError, the CLI's exit code 2), with a message that names the path.
 */
export function checkInputFile(path: string, where = 'import'): void {
  if (!existsSync(path)) throw new InvalidOptionsError(where, `file not found: ${path}`);
  if (statSync(path).isDirectory()) {
    throw new InvalidOptionsError(
      where,
      `${path} is a folder, not a file: give the file to import (only the csv format reads a folder, one holding people.csv and relationships.csv)`,
    );
  }
}

/** True when the file starts with gzip's magic bytes. */
export function isGzip(path: string): boolean {
  return startsWith(readHead(path, GZIP_MAGIC.length), GZIP_MAGIC);
}

/**
 * The file's content as byte chunks: gunzipped when it starts with gzip's magic bytes, read as is otherwise. Throws
 * InputFileError (bad input data) when the content is not text.
 */
export async function* readInput(path: string, options: InputOptions = {}): AsyncGenerator<Buffer> {
  checkInputFile(path);
  const file = basename(path);
  const head = readHead(path, 8);
  const gzip = startsWith(head, GZIP_MAGIC);
  if (!gzip) {
    const other = OTHER_FORMATS.find((format) => startsWith(head, format.magic));
    if (other) throw new InputFileError(file, `looks like ${other.what}; ${ACCEPTED_INPUT}`);
  }
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  // pipeline, not pipe: an error on either side ends the iteration below with that error.
  const source: AsyncIterable<Buffer> = gzip
    ? pipeline(raw, createGunzip({ chunkSize: chunkBytes }), () => undefined)
    : raw;
  let sniffed = 0;
  let sample: Buffer[] = [];
  try {
    for await (const chunk of source) {
      if (sniffed < SNIFF_BYTES) {
        sample.push(chunk);
        sniffed += chunk.length;
        if (sniffed >= SNIFF_BYTES) {
          checkText(Buffer.concat(sample), file, gzip);
          sample = [];
        }
      }
      yield chunk;
    }
  } catch (error) {
    if (gzip && !(error instanceof InputFileError) && (error as { code?: string }).code?.startsWith('Z_')) {
      throw new InputFileError(file, `is not a valid gzip file (${(error as Error).message}); ${ACCEPTED_INPUT}`);
    }
    throw error;
  }
  if (sniffed < SNIFF_BYTES && sample.length > 0) checkText(Buffer.concat(sample), file, gzip);
}

/** The whole file as text (gunzipped if need be): for formats parsed in one piece (JSON, GEXF, GraphML). */
export async function readInputText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of readInput(path)) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * Refuses content that is not text: a NUL byte, or more than 30% of control characters and invalid UTF-8 sequences,
 * in the first KiB (random bytes give about 60%; a Latin-1 file with accents still passes).
 */
function checkText(bytes: Buffer, file: string, gzip: boolean): void {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const within = gzip ? ' (after gunzip)' : '';
  const other = OTHER_FORMATS.find((format) => startsWith(head, format.magic));
  if (other) throw new InputFileError(file, `looks like ${other.what}${within}; ${ACCEPTED_INPUT}`);
  if (head.includes(0))
    throw new InputFileError(file, `looks like a binary file${within}, not text; ${ACCEPTED_INPUT}`);
  // A chunk may end inside a multi-byte character: decode in streaming mode so that the cut does not count.
  const text = new TextDecoder('utf-8').decode(head, { stream: true });
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127) odd++;
  }
  if (odd > text.length * 0.3)
    throw new InputFileError(file, `looks like a binary file${within}, not text; ${ACCEPTED_INPUT}`);
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { IMPORT_FORMATS } from '../../graph/import/index.ts';
import { RELATIONSHIP_KINDS } from '../../graph/model.ts';
import { adminProcedure, router } from '../app/trpc.ts';

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

const fileContent = {
  /** The file itself: its text, or base64 for binary-safe transport. */
  content: z.string().min(1, 'the file is empty'),
  encoding: z.enum(['text', 'base64']).default('text'),
  /** The name errors will use (e.g. "customers.csv:12: field ..."). */
  filename: z.string().trim().min(1).max(200).optional(),
};

const importInput = z
  .object({
    ...fileContent,
    format: z.enum(IMPORT_FORMATS),
    kind: z.enum(RELATIONSHIP_KINDS).optional(),
    undirected: z.boolean().default(false),
    ratingRange: z.tuple([z.number(), z.number()]).optional(),
    /** csv: the people file that goes with the relationships file. */
    people: z.object(fileContent).optional(),
    /** Re-score once the import has landed (default true). */
    score: z.boolean().default(true),
  })
  .refine((input) => input.encoding === 'text' || BASE64.test(input.content), {
    message: 'is not valid base64',
    path: ['content'],
  })
  .refine((input) => !input.people || input.format === 'csv', {
    message: 'a people file goes with the csv format only',
    path: ['people'],
  })
  .refine((input) => !input.people || input.people.encoding === 'text' || BASE64.test(input.people.content), {
    message: 'is not valid base64',
    path: ['people', 'content'],
  });

/** A name safe to use as a file name: letters, digits, dot, dash and underscore. */
function safeName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 100);
  return cleaned.replace(/^\.+/, '') || fallback;
}

export const importsRouter = router({
  /**
   * Uploads a network file in any supported format and imports it, all or nothing, in a job (then re-scores). The body
   * limit of the upload route bounds the size.
   */
  create: adminProcedure.input(importInput).mutation(({ ctx, input }) => {
    const folder = mkdtempSync(join(tmpdir(), 'sway-upload-'));
    try {
      const source = safeName(
        input.filename,
        `upload.${input.format === 'edgelist' ? 'txt' : input.format === 'signed-csv' ? 'csv' : input.format}`,
      );
      const file = join(folder, source);
      writeFileSync(file, Buffer.from(input.content, input.encoding === 'base64' ? 'base64' : 'utf8'));
      let people: string | undefined;
      if (input.people) {
        const name = safeName(input.people.filename, 'people.csv');
        people = join(folder, name === source ? `people-${name}` : name);
        writeFileSync(
          people,
          Buffer.from(input.people.content, input.people.encoding === 'base64' ? 'base64' : 'utf8'),
        );
      }
      return ctx.services.jobs.start(
        {
          kind: 'import',
          params: {
            file,
            people,
            format: input.format,
            kind: input.kind,
            undirected: input.undirected,
            ratingRange: input.ratingRange,
            source,
            score: input.score,
          },
        },
        { cleanup: () => rmSync(folder, { recursive: true, force: true }) },
      );
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }),
});

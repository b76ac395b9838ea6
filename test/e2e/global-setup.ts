import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A fresh folder for this run's client build, shared by the browser test files (see `sharedClient` in
     * browser.ts).
     */
    e2eClientFolder: string;
  }
}

/**
 * Gives the run one empty folder for the client build. It builds nothing itself: a run of unit tests only should not
 * pay for a Vite build, so the first browser test file that needs the client builds it there.
 */
export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'sway-e2e-client-'));
  project.provide('e2eClientFolder', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}

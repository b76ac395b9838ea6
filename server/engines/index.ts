import type { Engine } from './engine.ts';
import { localEngine } from './local.ts';

/** The engines a use case may be told to use, by name (`local` is the default everywhere). */
export const ENGINES = { local: localEngine } as const satisfies Record<string, Engine>;

export type EngineName = keyof typeof ENGINES;

export const DEFAULT_ENGINE: Engine = localEngine;

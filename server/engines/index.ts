import { InvalidOptionsError } from '../../graph/errors.ts';
import type { Engine, EngineSettings } from './engine.ts';
import { localEngine } from './local.ts';
import { sparkEngine } from './spark/engine.ts';

/** The engines a use case may be told to use, by name (`local` is the default everywhere). */
export const ENGINES = { local: localEngine, spark: sparkEngine } as const satisfies Record<string, Engine>;

export type EngineName = keyof typeof ENGINES;

export const ENGINE_NAMES = Object.keys(ENGINES) as [EngineName, ...EngineName[]];

export const DEFAULT_ENGINE: Engine = localEngine;

/** The engine a use case was told to use, by name. */
export function engineNamed(name: string): Engine {
  if (!Object.hasOwn(ENGINES, name))
    throw new InvalidOptionsError('engine', `must be one of ${ENGINE_NAMES.join(', ')}, got "${name}"`);
  return ENGINES[name as EngineName];
}

export type { Engine, EngineSettings };

#!/usr/bin/env node
// The `sway` command. Sway is written in TypeScript and run through tsx, so the checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv);

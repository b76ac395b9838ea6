#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node
// The `sway` command. Sway is written in TypeScript and run through tsx, so the checkout needs no build step.
// The shebang fixes glibc's mmap threshold at its initial 128 KiB. By default glibc raises it to the size of each
// large block freed, after which an import's working arrays (a few MB each) are carved from the heap and, once freed,
// stay in the process for reuse: holding epinions then costs 55-61 bytes an edge of RSS instead of the snapshot's 23.
// Fixed, they go back to the system when freed (`npm run bench -- --only engine` measures both; scoring epinions takes
// the same time either way). It has to be set before the process starts: glibc reads it once, at its first malloc.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv);

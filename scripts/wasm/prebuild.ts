import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prebuiltSource } from './kernels.ts';

/** `npm run wasm`: writes graph/wasm/prebuilt.ts, the library's WebAssembly modules ready to compile. */
const target = fileURLToPath(new URL('../../graph/wasm/prebuilt.ts', import.meta.url));
writeFileSync(target, prebuiltSource());
console.log(`wrote ${target}`);

import { PREBUILT } from './prebuilt.ts';

/**
 * Sway's WebAssembly modules, compiled once per thread. Each kernel file writes its module with the assembler
 * (assembler.ts), which stays the source; the bytes are also kept ready in prebuilt.ts (written by `npm run wasm`,
 * checked against the sources by test/graph/wasm/prebuilt.test.ts) because writing them costs more than running them
 * when a command runs once: 5 to 10 ms of cold JavaScript per module, against 0.5 ms to compile the bytes. A kernel not
 * yet in prebuilt.ts is written from its source.
 */
const compiled = new Map<string, WebAssembly.Module>();

export function compiledModule(name: string, write: () => Uint8Array<ArrayBuffer>): WebAssembly.Module {
  let module = compiled.get(name);
  if (!module) {
    const prebuilt = PREBUILT[name];
    module = new WebAssembly.Module(prebuilt === undefined ? write() : Buffer.from(prebuilt, 'base64'));
    compiled.set(name, module);
  }
  return module;
}

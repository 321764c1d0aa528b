/**
 * Runs `make` with MEASUREFLOW_NO_WASM set, so that the modules it creates take their
 * JavaScript fallbacks (src/wasm/compiledModule.ts), and unsets it again.
 */
export function withoutWasm<T>(make: () => T): T {
  process.env.MEASUREFLOW_NO_WASM = "1";
  try {
    return make();
  } finally {
    delete process.env.MEASUREFLOW_NO_WASM;
  }
}

/**
 * Compiling the project's WebAssembly modules (src/ot/wasm, src/geometry/wasm): once per process,
 * and null when the engine lacks WebAssembly SIMD or when the environment variable
 * MEASUREFLOW_NO_WASM is set (to test the JavaScript fallbacks); callers then use JavaScript.
 */
export function compiledModule(
  bytes: () => Uint8Array<ArrayBuffer>,
): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    const disabled = typeof process !== "undefined" && Boolean(process.env?.MEASUREFLOW_NO_WASM);
    if (disabled || typeof WebAssembly === "undefined") return null;
    if (compiled === undefined) {
      try {
        const b = bytes();
        compiled = WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}

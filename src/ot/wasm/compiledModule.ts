/** The shared compile-once helper of the WebAssembly modules (src/wasm/compiledModule.ts). */
export { compiledModule } from "../../wasm/compiledModule.js";

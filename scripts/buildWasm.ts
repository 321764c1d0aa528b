/**
 * `npm run build:wasm`: assembles every <dir>/<name>.wat of {@link wasmDirs} (src/ot/wasm,
 * src/geometry/wasm) with wabt (SIMD enabled) into <dir>/<name>.generated.ts, which exports the
 * module bytes as base64 plus a decoder.
 * The library imports only the generated files, so wabt is needed at build/test time only;
 * test/ot/separableGibbsKernel.test.ts re-assembles the .wat and checks the committed bytes.
 * The generated text is run through prettier with the project config, so it passes
 * `prettier --check` and eslint as committed.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import initWabt from "wabt";

/** Folder holding the Sinkhorn kernels' .wat sources and their generated .ts files. */
export const wasmDir = fileURLToPath(new URL("../src/ot/wasm/", import.meta.url));

/** Folder of the finite-volume geometry's module (entropyVariation.wat). */
export const geometryWasmDir = fileURLToPath(new URL("../src/geometry/wasm/", import.meta.url));

/** Every folder with .wat sources. */
export const wasmDirs = [wasmDir, geometryWasmDir];

/** Binary module assembled from WebAssembly text (features: simd); throws on errors. */
export async function assembleWat(fileName: string, text: string): Promise<Uint8Array> {
  const wabt = await initWabt();
  const mod = wabt.parseWat(fileName, text, { simd: true });
  try {
    mod.resolveNames();
    mod.validate();
    return Uint8Array.from(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/** Assembles <dir>/<name>.wat (default dir: src/ot/wasm). */
export async function assembleWatFile(name: string, dir = wasmDir): Promise<Uint8Array> {
  return assembleWat(`${name}.wat`, readFileSync(join(dir, `${name}.wat`), "utf8"));
}

/** TypeScript source of <name>.generated.ts for the given bytes (prettier-formatted). */
export async function generatedSource(
  name: string,
  bytes: Uint8Array,
  dir = wasmDir,
): Promise<string> {
  const b64 = Buffer.from(bytes).toString("base64");
  const chunks: string[] = [];
  for (let i = 0; i < b64.length; i += 80) chunks.push(b64.slice(i, i + 80));
  const text = [
    `// generated from ${name}.wat by npm run build:wasm — do not edit`,
    "",
    `import { decodeBase64 } from "../../wasm/base64.js";`,
    "",
    `/** The ${bytes.length}-byte WebAssembly module assembled from ${name}.wat, base64-encoded. */`,
    "export const wasmBase64 = [",
    ...chunks.map((c) => `  "${c}",`),
    '].join("");',
    "",
    "/** The module bytes (a fresh array each call). */",
    "export function wasmBytes(): Uint8Array<ArrayBuffer> {",
    "  return decodeBase64(wasmBase64);",
    "}",
    "",
  ].join("\n");
  const file = join(dir, `${name}.generated.ts`);
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, filepath: file });
}

/** Assembles every .wat in {@link wasmDirs}; returns the generated file names. */
export async function buildAll(): Promise<string[]> {
  const written: string[] = [];
  for (const dir of wasmDirs) {
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".wat"))
      .map((f) => basename(f, ".wat"))
      .sort();
    for (const name of names) {
      const bytes = await assembleWatFile(name, dir);
      const file = join(dir, `${name}.generated.ts`);
      writeFileSync(file, await generatedSource(name, bytes, dir));
      written.push(`${file} (${bytes.length} bytes)`);
    }
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await buildAll()) process.stdout.write(`wrote ${line}\n`);
}

/**
 * The bytes of a base64 string (the WebAssembly modules are committed as base64 text in the
 * *.generated.ts files that `npm run build:wasm` writes; atob works in Node ≥ 16 and browsers).
 * A fresh array each call.
 */
export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

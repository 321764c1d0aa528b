// generated from bandedRows.wat by npm run build:wasm — do not edit

import { decodeBase64 } from "../../wasm/base64.js";

/** The 423-byte WebAssembly module assembled from bandedRows.wat, base64-encoded. */
export const wasmBase64 = [
  "AGFzbQEAAAABCwFgB39/f39/f38AAgwBA2VudgNtZW0CAAEDAgEABwgBBHJvd3MAAArzAgHwAgMKfwJ7",
  "AXwgBkEDdCEPA0AgACAHIAVsQQN0aiEKIAEgB0EDdGohDkEAIQgDQCAJQQJ0IRAgBCADIBBqKAIAQQN0",
  "aiELIAQgAyAQaigCBEEDdGohDCAKIAIgEGooAgBBA3RqIQ39DAAAAAAAAAAAAAAAAAAAAAAhEf0MAAAA",
  "AAAAAAAAAAAAAAAAACESAkADQCALQSBqIAxLDQEgESAL/QAEACAN/QAEAP3yAf3wASERIBIgC/0ABBAg",
  "Df0ABBD98gH98AEhEiALQSBqIQsgDUEgaiENDAALCyARIBL98AEhEQJAA0AgC0EQaiAMSw0BIBEgC/0A",
  "BAAgDf0ABAD98gH98AEhESALQRBqIQsgDUEQaiENDAALCyAR/SEAIBH9IQGgIRMgCyAMSQRAIBMgCysD",
  "ACANKwMAoqAhEwsgDiATOQMAIA4gD2ohDiAJQQFqIQkgCEEBaiEIIAggBUgNAAsgB0EBaiEHIAcgBkgN",
  "AAsL",
].join("");

/** The module bytes (a fresh array each call). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(wasmBase64);
}

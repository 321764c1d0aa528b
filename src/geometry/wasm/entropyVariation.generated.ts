// generated from entropyVariation.wat by npm run build:wasm — do not edit

import { decodeBase64 } from "../../wasm/base64.js";

/** The 598-byte WebAssembly module assembled from entropyVariation.wat, base64-encoded. */
export const wasmBase64 = [
  "AGFzbQEAAAABBwFgAn98AX8DAgEABQMBAAEHHQIGbWVtb3J5AgAQZW50cm9weVZhcmlhdGlvbgAACpoE",
  "AZcEAgV/DnsgAf0UIRQgAEEDdCEEIABBBHQhBQJAA0AgAiAATw0BIAP9AAQAIQcgB0KAgICAgICACP0S",
  "/dgBIAdCgICAgICAgPj/AP0S/dsB/VAhEiAHQrOIg8yZ7NcE/RL9zgEhCCAIQTT9zQFC/wf9Ev3RASEJ",
  "IAhC/////////wf9Ev1OQs33/LPmk6jzP/0S/c4BIQogCSAJ/Q0AAQIDCAkKCwABAgMICQoL/f4BIREg",
  "CkQAAAAAAADwP/0U/fEBIQsgC0QAAAAAAAAAQP0UIAv98AH98wEhDCAMIAz98gEhDSANIA398gEhDiAN",
  "RJNVVVVVVeU//RQgDkRZkyKUJEnSP/0UIA5E3gPLlmRGxz/9FCAORERSPt8S8cI//RT98gH98AH98gH9",
  "8AH98gH98AH98gEgDkQE+peZmZnZP/0UIA5Er3iOHcVxzD/9FCAORJ/GeNAJmsM//RT98gH98AH98gH9",
  "8AH98gH98AEhD0QAAAAAAADgP/0UIAsgC/3yAf3yASEQIAT9AAQAIBQgEUQAAOD+Qi7mP/0U/fIBIBAg",
  "DCAQIA/98AH98gEgEUR2PHk17znqPf0U/fIB/fAB/fEBIAv98QH98QH98gH98AEhEyAFRAAAAAAAAPh/",
  "/RQgEyAS/VL9CwQAIAYgEv3EAWlqIQYgA0EQaiEDIARBEGohBCAFQRBqIQUgAkECaiECDAALCyAGCw==",
].join("");

/** The module bytes (a fresh array each call). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(wasmBase64);
}

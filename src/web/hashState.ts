/**
 * The playground's state in the URL hash, so that a link reproduces a run:
 *
 *   #scenario=heat-1d                       a built-in scenario as written
 *   #scenario=heat-1d&spec=<base64url>      that scenario edited: the whole spec (JSON)
 *   #spec=<base64url>                       a spec of one's own
 *
 * The spec is the compact JSON text, UTF-8, in base64url (RFC 4648 §5, no padding).
 */
export interface HashState {
  scenario: string | null;
  /** The edited spec (a parsed JSON value), or null for the scenario as written. */
  spec: unknown;
}

export function encodeHash(state: HashState): string {
  const parts: string[] = [];
  if (state.scenario) parts.push(`scenario=${encodeURIComponent(state.scenario)}`);
  if (state.spec !== null && state.spec !== undefined) {
    parts.push(`spec=${toBase64Url(JSON.stringify(state.spec))}`);
  }
  return parts.length > 0 ? `#${parts.join("&")}` : "";
}

/** Reads a hash ("#…" or ""); a spec that does not decode is an Error saying so. */
export function decodeHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const scenario = params.get("scenario");
  const encoded = params.get("spec");
  let spec: unknown = null;
  if (encoded !== null) {
    try {
      spec = JSON.parse(fromBase64Url(encoded)) as unknown;
    } catch {
      throw new Error("the link's spec does not decode (base64url JSON expected)");
    }
  }
  return { scenario: scenario || null, spec };
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

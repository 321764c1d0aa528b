import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { copyFileAtomic } from "../io/atomicWrite.js";

/** Where reports find plotly, relative to the output root: <out>/assets/plotly.js. */
export const PLOTLY_ASSET = "assets/plotly.js";

/** Path of the plotly.js-dist bundle in node_modules. */
export function plotlyBundlePath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("plotly.js-dist");
}

/**
 * Copies the plotly.js-dist bundle to <outRoot>/assets/plotly.js once (again only if its
 * size changed, e.g. after an upgrade), so every report in the output folder shares one
 * copy and works offline from file://. Returns the asset's path.
 */
export function ensurePlotlyAsset(outRoot: string): string {
  const src = plotlyBundlePath();
  const dest = join(outRoot, PLOTLY_ASSET);
  let fresh: boolean;
  try {
    fresh = statSync(dest).size === statSync(src).size;
  } catch {
    fresh = false;
  }
  if (!fresh) copyFileAtomic(src, dest);
  return dest;
}

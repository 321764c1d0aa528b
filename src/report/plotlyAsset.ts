import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { writeFileAtomic } from "../io/atomicWrite.js";

/** Where reports find plotly, relative to the output root: <out>/assets/plotly.js. */
export const PLOTLY_ASSET = "assets/plotly.js";

/** Format tag on the asset's first line; bump when the packing changes. */
const ASSET_TAG = "measureflow-plotly-asset/3";

/** fflate's browser build (UMD, MIT licence): the DEFLATE decoder that unpacks the asset. */
function fflateSource(): string {
  return readFileSync(join(fflateRoot(), "umd", "index.js"), "utf8");
}

/** fflate's package folder (its exports map names neither umd/ nor package.json). */
function fflateRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("fflate")), "..");
}

/**
 * Path of the minified plotly.js bundle in node_modules: plotly's official cartesian partial
 * bundle (scatter, heatmap and the other 2D cartesian traces — all the reports and the
 * playground draw), 1.5 MB instead of the full bundle's 4.8 MB.
 */
export function plotlyBundlePath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("plotly.js-cartesian-dist-min");
}

function fflateVersion(): string {
  const pkg = JSON.parse(readFileSync(join(fflateRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function plotlyVersion(): string {
  const require = createRequire(import.meta.url);
  return String(
    (require("plotly.js-cartesian-dist-min/package.json") as { version: string }).version,
  );
}

/** The asset's first line: what it holds, so that a stale copy is recognised. */
function assetHeader(): string {
  return `/* ${ASSET_TAG} plotly.js ${plotlyVersion()} fflate ${fflateVersion()} */`;
}

let cached: { header: string; text: string } | null = null;

/**
 * The shared asset's text: the minified plotly.js bundle, DEFLATE-compressed and base64-encoded
 * inside a classic script that decompresses it with fflate (a small, well-kept DEFLATE library
 * whose browser build is inlined, module-scoped so that it defines no global) and evaluates it
 * in global scope, so `<script src="assets/plotly.js">` defines `window.Plotly` synchronously
 * exactly as the plain bundle does. 0.6 MB on disk instead of 1.5 MB (the full unminified bundle: 10 MB); about
 * 0.1 s to unpack when a page loads. plotly.js's licence banner is kept at the top.
 */
export function plotlyAssetText(): string {
  const header = assetHeader();
  if (cached?.header === header) return cached.text;
  const bundle = readFileSync(plotlyBundlePath());
  const banner = /^\/\*\*?[\s\S]*?\*\//.exec(bundle.subarray(0, 4096).toString("utf8"));
  const packed = deflateRawSync(bundle, { level: 9 }).toString("base64");
  const text = `${header}
${banner ? banner[0] : "/* plotly.js, MIT licence, https://github.com/plotly/plotly.js */"}
(function () {
/* fflate ${fflateVersion()} (MIT licence, https://github.com/101arrowz/fflate) */
var fflate = (function () {
var module = { exports: {} }, exports = module.exports;
${fflateSource()}
return module.exports;
})();
var data = "${packed}";
var bin = atob(data), src = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) src[i] = bin.charCodeAt(i);
var code = new TextDecoder().decode(fflate.inflateSync(src, { out: new Uint8Array(${bundle.length}) }));
(0, eval)(code + "\\n//# sourceURL=plotly.min.js");
})();
`;
  cached = { header, text };
  return text;
}

function firstLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(200);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").split("\n")[0];
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the shared plotly asset to <outRoot>/assets/plotly.js once (again only when it is
 * missing or another plotly version or packing wrote it), so every report in the output
 * folder shares one copy and works offline from file://. Returns the asset's path.
 */
export function ensurePlotlyAsset(outRoot: string): string {
  const dest = join(outRoot, PLOTLY_ASSET);
  if (firstLine(dest) !== assetHeader()) writeFileAtomic(dest, plotlyAssetText());
  return dest;
}

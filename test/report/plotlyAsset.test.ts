import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { inflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { plotlyAssetText, plotlyBundlePath } from "../../src/report/plotlyAsset.js";

describe("the shared plotly asset", () => {
  const text = plotlyAssetText();

  it("unpacks to the minified plotly.js bundle byte for byte", () => {
    const bundle = readFileSync(plotlyBundlePath());
    const data = /var data = "([A-Za-z0-9+/=]+)";/.exec(text)![1];
    const size = Number(/new Uint8Array\((\d+)\) \}\)\);/.exec(text)![1]);
    expect(size).toBe(bundle.length);
    const out = inflateSync(new Uint8Array(Buffer.from(data, "base64")));
    expect(Buffer.from(out).equals(bundle)).toBe(true);
    // plotly.js's licence banner stays readable at the top.
    expect(text.split("\n").slice(0, 8).join("\n")).toMatch(/Licensed under the MIT license/);
    // About 0.4 of the bundle (measured); the bound leaves room for upgrades.
    expect(text.length).toBeLessThan(0.5 * bundle.length);
  });

  it("ships fflate's browser build unchanged, scoped so that it defines no global", () => {
    const require = createRequire(import.meta.url);
    const root = join(dirname(require.resolve("fflate")), "..");
    const umd = readFileSync(join(root, "umd", "index.js"), "utf8");
    expect(text).toContain(umd);
    expect(text).toMatch(/var module = \{ exports: \{\} \}, exports = module\.exports;/);
  });
});

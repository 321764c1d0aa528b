import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * The system Chromium for the browser tests (Debian's `chromium` package, which .ci/run
 * installs), driven through playwright-core. MEASUREFLOW_CHROMIUM names another binary.
 * When none is found the browser tests are skipped with a message saying so.
 */
const CANDIDATES = [
  process.env.MEASUREFLOW_CHROMIUM,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

export const chromiumPath: string | null =
  CANDIDATES.find((p): p is string => typeof p === "string" && p !== "" && existsSync(p)) ?? null;

if (chromiumPath === null) {
  console.warn(
    "\n*** browser tests SKIPPED: no Chromium found (apt-get install chromium, or set " +
      "MEASUREFLOW_CHROMIUM to its path) ***\n",
  );
}

/**
 * Headless Chromium with no network services and no GPU; playwright gives every launch a
 * fresh temporary profile (--user-data-dir), removed when the browser closes.
 */
export function launchChromium(): Promise<Browser> {
  if (chromiumPath === null) throw new Error("no Chromium");
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

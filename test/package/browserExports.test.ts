import { describe, expect, it } from "vitest";
import * as node from "../../src/index.js";
import * as browser from "../../src/web/browser.js";

/**
 * "measureflow/browser" (src/web/browser.ts, bundled into dist/browser/measureflow.js) offers
 * everything "measureflow" (src/index.ts) does except what needs a file system or a process.
 * An export added to src/index.ts and not to src/web/browser.ts fails here: add it there
 * (what the core exports runs in browsers, test/architecture/layering.test.ts), or to
 * NODE_ONLY if it reads or writes files.
 */
const NODE_ONLY = [
  "convergenceStudy", // runs scenarios into folders
  "formatConvergenceTable",
  "isSpecScenario", // scenario files
  "specScenario",
  "runScenarioMain",
  "runScenario", // run folders, locks, reports
  "resumeRun",
  "simulateAsync", // setImmediate; in a browser, drive runSteps
];

describe("measureflow/browser", () => {
  it("exports everything the Node entry does, except the file and process layer", () => {
    const missing = Object.keys(node).filter((k) => !(k in browser));
    expect(missing.sort()).toEqual([...NODE_ONLY].sort());
    // simulate is the run loop without files; the same function as runProblem.
    expect(browser.simulate).toBe(browser.runProblem);
  });
});

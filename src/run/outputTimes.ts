/** Output-time grids (moved to src/problem/outputTimes.ts). */
export { geometricTimes, linearTimes } from "../problem/outputTimes.js";

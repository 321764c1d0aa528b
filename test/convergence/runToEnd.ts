/** The in-memory end-state runners now live in src/run/finalState.ts (also used by the gallery). */
export { runFinal, runToEnd } from "../../src/run/finalState.js";

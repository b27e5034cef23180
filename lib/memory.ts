import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the old generation grow past the objects that survived the last full collection before it runs
 * the next one: 1 + HEAP_GROWING_PERCENT/100 times. V8's own factor goes up to 4 on a machine with memory to spare,
 * and a server rendering pages promotes a lot of short-lived request objects: its heap filled with garbage up to
 * ~300 MB around ~80 MB of live objects, and the Buffers that garbage still pointed at kept another ~100 MB of
 * malloc'd memory. Measured with bench/memory.ts (README, "Memory").
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growing factor for this process (a flag V8 reads at every full collection, so it applies when set
 * at run time). Leaves it alone when the process was started with its own --heap-growing-percent (node option or
 * NODE_OPTIONS). Returns whether it set it.
 */
export function tuneHeapGrowth(percent = HEAP_GROWING_PERCENT, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): boolean {
  if ([...execArgv, nodeOptions].some((a) => /--heap[-_]growing[-_]percent/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}

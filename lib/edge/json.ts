import { assertCleanJson } from "./text";

/** JSON text → value, or undefined when it is not JSON; a value with bad text or too deep is refused (4xx). */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  assertCleanJson(value);
  return value;
}

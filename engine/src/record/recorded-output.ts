import { MAX_RECORDED_DEPTH } from "./json-stand-ins";

/** Output strings longer than this are cut in the record (the full value stays in memory). */
const MAX_RECORDED_OUTPUT = 8192;

/**
 * An output as the run record keeps it: a long string is cut, with a note,
 * and so is each long string inside a structured output (a fan-out step's
 * list of its instances' outputs, an `output: json` value) — kept whole,
 * such a list made a line of hundreds of kB, and on a full disk writing it
 * again took the room kept for the rollback's lines. The value is returned
 * as it is when nothing in it is cut (no copy).
 */
export function recordedOutput(output: unknown): unknown {
  if (typeof output === "string") return recordedString(output);
  return output !== null && typeof output === "object"
    ? recordedValue(output, new Map(), 0)
    : output;
}

function recordedString(output: string): string {
  if (output.length <= MAX_RECORDED_OUTPUT) return output;
  return `${output.slice(0, MAX_RECORDED_OUTPUT)}… (${output.length - MAX_RECORDED_OUTPUT} more characters)`;
}

/**
 * {@link recordedOutput} of an object or array; `kept` holds what each one
 * seen became (itself while it is being walked: a cycle is left for the
 * record's encoder, which writes it as `"[circular]"`, as it does what lies
 * deeper than it keeps).
 */
function recordedValue(value: unknown, kept: Map<object, unknown>, depth: number): unknown {
  if (typeof value === "string") return recordedString(value);
  if (value === null || typeof value !== "object" || depth === MAX_RECORDED_DEPTH) return value;
  if (kept.has(value)) return kept.get(value);
  kept.set(value, value);
  let cut: unknown[] | Record<string, unknown> | undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = recordedValue(value[i], kept, depth + 1);
      if (item !== value[i]) ((cut as unknown[] | undefined) ??= value.slice())[i] = item;
    }
  } else if (isPlainObject(value)) {
    for (const [key, field] of Object.entries(value)) {
      const item = recordedValue(field, kept, depth + 1);
      if (item !== field)
        ((cut as Record<string, unknown> | undefined) ??= { ...value })[key] = item;
    }
  }
  if (cut !== undefined) kept.set(value, cut);
  return cut ?? value;
}

/**
 * What the record keeps of an output that a full disk kept out of the
 * journal, written again with the step's outcome from the room kept for the
 * rollback (see `lostOutcome`): the output is not known from the record.
 */
export const OUTPUT_NOT_RECORDED = "… (not recorded: the disk was full when the step ended)";

/**
 * Whether a recorded output is not the value the run had: cut by
 * {@link recordedOutput}, anywhere in it, or {@link OUTPUT_NOT_RECORDED}.
 * Such a step is not reused (`--resume`, an up-to-date check): it runs again.
 */
export function isCutOutput(recorded: unknown): boolean {
  if (recorded === OUTPUT_NOT_RECORDED) return true;
  return holdsCut(recorded, new Set(), 0);
}

function holdsCut(value: unknown, seen: Set<object>, depth: number): boolean {
  if (typeof value === "string") return value.length > MAX_RECORDED_OUTPUT;
  if (
    value === null ||
    typeof value !== "object" ||
    seen.has(value) ||
    depth === MAX_RECORDED_DEPTH
  )
    return false;
  seen.add(value);
  const deeper = (item: unknown): boolean => holdsCut(item, seen, depth + 1);
  if (Array.isArray(value)) return value.some(deeper);
  return isPlainObject(value) && Object.values(value).some(deeper);
}

/** A `{...}` value, as JSON gives (not a Date, a Map or a class's instance: those are kept as they are). */
function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

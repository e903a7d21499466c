import { segmentsText as pathText, type Range, type Segment } from "../ast";
import { CompileError } from "./compile-error";
import { isExactNumber } from "../../runtime/exact-number";

/**
 * The value at `path` (fields and indexes) inside a step's parsed JSON
 * output. A missing field or index is a CompileError naming the whole path
 * and the part that is missing, so the step fails with that reason.
 */
export function readOutputPath(
  output: unknown,
  head: readonly Segment[],
  path: readonly Segment[],
  where: { path?: string; range: Range },
): unknown {
  let value = output;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const read = pathText([...head, ...path.slice(0, i)]);
    if (segment.index !== undefined) {
      if (!Array.isArray(value))
        fail(`${read} is ${kindOf(value)}, not a list: it has no item ${segment.text}`, where);
      if (segment.index >= value.length)
        fail(
          `${read} has ${value.length} item${value.length === 1 ? "" : "s"}: it has no item ${segment.text}`,
          where,
        );
      value = value[segment.index];
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value) || isExactNumber(value))
      fail(`${read} is ${kindOf(value)}, not an object: it has no field "${segment.text}"`, where);
    if (!Object.hasOwn(value, segment.text)) {
      const fields = Object.keys(value);
      const known = fields.length ? `; it has ${fields.map((f) => `"${f}"`).join(", ")}` : "";
      fail(`${read} has no field "${segment.text}"${known}`, where);
    }
    value = (value as Record<string, unknown>)[segment.text];
  }
  return value;
}

/**
 * The field `path` of step `stepId`'s output (of its instance `instance`),
 * for `expect output convert[1].name`. A missing one fails in the words a
 * run's `steps.convert.output[1].name` fails with (language reference §
 * Structured outputs), as both come from {@link readOutputPath}; the test
 * says where its `expect` is, so the message has no place of its own.
 *
 * @throws CompileError naming the path when it is missing.
 */
export function outputField(
  output: unknown,
  stepId: string,
  instance: Segment | undefined,
  path: readonly Segment[],
  range: Range,
): unknown {
  const name = (text: string): Segment => ({ text, range });
  const head = [name("steps"), name(stepId), name("output"), ...(instance ? [instance] : [])];
  return readOutputPath(output, head, path, { range });
}

function fail(message: string, where: { path?: string; range: Range }): never {
  throw new CompileError(message, where.path, where.range);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isExactNumber(value)) return `the number ${value.text}`;
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return typeof value === "object" ? "an object" : `the ${typeof value} ${String(value)}`;
}

import type { Reference } from "../ast";
import { readOutputPath } from "./output-path";

/**
 * The item or field a reference reads inside a param's, var's or command
 * parameter's value (`samples[0]`, `config.sites[1].name`), or the value
 * itself for a bare name. A missing one is a CompileError naming the path
 * and what there is, as for a JSON output's fields (language.md §
 * Structured outputs), so the reading step fails with that reason.
 *
 * @throws CompileError naming the path when it is missing.
 */
export function readValuePath(value: unknown, ref: Reference, path: string): unknown {
  if (ref.segments.length === 1) return value;
  return readOutputPath(value, ref.segments.slice(0, 1), ref.segments.slice(1), {
    path,
    range: ref.range,
  });
}

import type { Property } from "../ast";
import { CompileError } from "./compile-error";

/**
 * A whole-number setting (`concurrency`, `retries`, `max_parallel`) checked
 * against its lower bound when the workflow is compiled. The checker reports
 * a literal out of bounds (MF007, MF018); a value taken from a param
 * (`retries: attempts`, `--param attempts=-1`) is only known now, and must
 * stop the run before anything starts, as a `shell` from a param does.
 *
 * @throws CompileError at the property's value when the value is not a whole number of at least `min`.
 */
export function boundedSetting(
  value: unknown,
  min: number,
  property: Property | undefined,
  path: string,
): number | undefined {
  if (value === undefined || !property?.value) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
  throw new CompileError(
    `${property.name.text} must be a whole number of at least ${min}, not ${JSON.stringify(value)}`,
    path,
    property.value.range,
  );
}

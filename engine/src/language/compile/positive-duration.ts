import type { Property } from "../ast";
import { CompileError } from "./compile-error";
import { durationText } from "../../units/quantity-text";

/**
 * A deadline (`timeout`, `rollback_timeout`) checked when the workflow is
 * compiled. The checker reports a zero literal (MF007); one taken from a param
 * (`timeout: limit`, `--param limit=0s`) is only known now, and must stop the
 * run before anything starts: a zero deadline would end its step at once.
 *
 * @param owner whose setting it is, for the message: "step `build`", "workflow `w`".
 * @throws CompileError at the property's value when the duration is not more than zero.
 */
export function positiveDuration(
  value: unknown,
  property: Property | undefined,
  path: string,
  owner: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || value > 0 || !property?.value) return value as number;
  throw new CompileError(
    `${property.name.text} of ${owner} must be positive, not ${durationText(value)}`,
    path,
    property.value.range,
  );
}

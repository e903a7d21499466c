import { isExactNumber } from "./exact-number";
import { createHash } from "node:crypto";

/**
 * The fingerprint of a step's resolved action, as the run record keeps it
 * (`sha256:<hex>`): a hash of its canonical JSON — object keys sorted, so
 * the same action always gives the same text. It is given the action as
 * resolved for the record, where environment values and secret params are
 * references by name: a secret never reaches the hash, and a changed
 * environment value does not count as a changed action.
 */
export function actionFingerprint(action: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(action)).digest("hex")}`;
}

/** JSON with every object's keys in sorted order; what JSON drops (functions, undefined) is dropped. */
function canonicalJson(value: unknown): string {
  // Its literal: the same digits make the same fingerprint in every process.
  if (isExactNumber(value)) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== "function")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

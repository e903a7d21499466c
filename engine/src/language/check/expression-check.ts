import type { Expression, NumberLiteral, SizeLiteral } from "../ast";
import { exactSizeBytes, isWholeBytes } from "../../units/quantity";
import type { DiagnosticSink } from "./diagnostic-sink";
import { checkInterpolation } from "./interpolation-check";
import { quotedLiteral } from "./quoted-literal";
import { resolveReference } from "./reference-resolution";
import type { ReferenceScope } from "./reference-scope";
import { describeType, isAssignable, type ValueType } from "./value-type";

/** What a value must be, and how a message names the place it is written. */
export interface Expectation {
  type: ValueType;
  /** The place, for messages: `"timeout"`, `argument "path" of "create_file"`. */
  what: string;
  /** Smallest allowed number (a literal below it is MF007): 1 for `concurrency`. */
  min?: number;
  /** A literal duration must be more than zero (a zero `timeout` would end the step at once). */
  positive?: boolean;
  /** The only strings allowed (a literal string outside them is MF007): `shell`'s names. */
  oneOf?: readonly string[];
  /** The form a literal string must have (another is MF007): `runs_on`'s queue name. */
  form?: StringForm;
}

/** A form of string: what matches `pattern`, named for a message. */
export interface StringForm {
  pattern: RegExp;
  /** `a queue name (letters, digits, _ . -, at most 64 of them)`. */
  name: string;
}

/**
 * Checks an expression used as a value: every reference in it (also inside
 * `${}`, lists and maps) and, with `expected`, its type (MF007 on the value).
 * Calls and comparisons are not values (they belong in `run`/`rollback` and
 * `when`) and are reported as MF007. Returns the value's type.
 */
export function checkValue(
  expr: Expression | undefined,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  expected?: Expectation,
): ValueType {
  if (!expr) return "any";
  // A reference is told the type wanted: an undefined name's "did you mean" prefers names of it.
  const type =
    expr.kind === "ref" && expected
      ? resolveReference(expr, scope, sink, expected.type)
      : valueType(expr, scope, sink);
  if (!expected) return type;
  if (!isAssignable(expected.type, type)) {
    const quoted = quotedLiteral(expr, expected.type);
    sink.report(
      "MF007",
      expr.range,
      `${expected.what} must be ${describeType(expected.type)}, not ${describeType(type)}${quoted?.hint ?? ""}`,
      quoted && { data: quoted.data },
    );
  } else if (expected.min !== undefined && expr.kind === "number" && expr.value < expected.min) {
    sink.report("MF007", expr.range, `${expected.what} must be at least ${expected.min}`);
  } else if (expected.positive && expr.kind === "duration" && expr.ms <= 0) {
    sink.report("MF007", expr.range, `${expected.what} must be positive, not ${expr.text}`);
  } else if (expected.type === "path" && isEmptyString(expr)) {
    sink.report("MF007", expr.range, `${expected.what} must be a path, not an empty string`);
  } else if (expected.oneOf) {
    checkOneOf(expr, expected.what, expected.oneOf, sink);
  } else if (expected.form) {
    checkForm(expr, expected.what, expected.form, sink);
  }
  return type;
}

/** MF007 for a string written out (no interpolation) that does not have the form asked for. */
function checkForm(expr: Expression, what: string, form: StringForm, sink: DiagnosticSink): void {
  const text = literalText(expr);
  if (text === undefined || form.pattern.test(text)) return;
  sink.report("MF007", expr.range, `${what} must be ${form.name}, not ${JSON.stringify(text)}`);
}

/** The text of a string written out, without interpolation; undefined for any other value. */
function literalText(expr: Expression): string | undefined {
  if (expr.kind !== "string" || (expr.parts ?? []).some((part) => part.kind !== "text")) return;
  return (expr.parts ?? []).map((part) => (part.kind === "text" ? part.value : "")).join("");
}

/** MF007 for a size that is not a whole number of bytes: `1.3B` would be read as 1 byte. */
function checkWholeBytes(expr: SizeLiteral, sink: DiagnosticSink): void {
  const bytes = exactSizeBytes(expr.text);
  if (isWholeBytes(bytes)) return;
  sink.report(
    "MF007",
    expr.range,
    `a size must be a whole number of bytes: ${expr.text} is ${bytes} bytes`,
  );
}

function valueType(expr: Expression, scope: ReferenceScope, sink: DiagnosticSink): ValueType {
  switch (expr.kind) {
    case "string":
      for (const part of expr.parts ?? []) {
        if (part.kind === "interpolation") checkInterpolation(part, scope, sink);
      }
      return "string";
    case "number":
      if (expr.integer && !Number.isSafeInteger(expr.value)) reportInexactInt(expr, sink);
      return expr.integer ? "int" : "number";
    case "duration":
      return "duration";
    case "size":
      checkWholeBytes(expr, sink);
      return "size";
    case "bool":
      return "bool";
    case "list":
      for (const item of expr.items ?? []) checkValue(item, scope, sink);
      return "list";
    case "map":
      for (const entry of expr.entries ?? []) checkValue(entry.value, scope, sink);
      return "map";
    case "ref":
      return resolveReference(expr, scope, sink);
    case "call":
      sink.report(
        "MF007",
        expr.range,
        `a command call is an action: it can only be the value of "run" or "rollback"`,
      );
      return "any";
    case "binary":
    case "not":
      sink.report(
        "MF007",
        expr.range,
        `a comparison is a condition: it can only be the value of "when"`,
      );
      return "bool";
    default:
      return "any";
  }
}

/** Beyond 2^53 a whole number silently becomes another one, as `--param` says too. */
function reportInexactInt(expr: NumberLiteral, sink: DiagnosticSink): void {
  const most = Number.MAX_SAFE_INTEGER;
  sink.report(
    "MF007",
    expr.range,
    `a whole number must be between -${most} and ${most} (2^53 - 1) to be kept exactly; ` +
      `this one would be read as ${Number.isFinite(expr.value) ? BigInt(expr.value) : "infinity"}`,
  );
}

function isEmptyString(expr: Expression): boolean {
  return (
    expr.kind === "string" && (expr.parts ?? []).every((p) => p.kind === "text" && p.value === "")
  );
}

/** A literal string (no `${}`) must be one of `allowed`; a computed one is checked when it runs. */
function checkOneOf(
  expr: Expression,
  what: string,
  allowed: readonly string[],
  sink: DiagnosticSink,
): void {
  const text = literalText(expr);
  if (text === undefined || allowed.includes(text)) return;
  const names = allowed.map((name) => `"${name}"`);
  sink.report(
    "MF007",
    expr.range,
    `${what} must be ${names.slice(0, -1).join(", ")} or ${names.at(-1)}, not "${text}"`,
  );
}

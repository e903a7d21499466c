/**
 * Quoting of values for `/bin/sh`, and interpolation of `${ref}` into shell
 * scripts (language.md §5: interpolated values are shell-quoted for where they
 * land, and refused where no quoting can keep them literal, so a value can
 * never inject shell syntax).
 */
import { isExactNumber, stringifyExactly } from "../runtime/exact-number";
import {
  refusalMessage,
  ShellContextTracker,
  type ShellPosition,
  type ShellRefusal,
} from "./shell-position";
import { nulByteProblem } from "./nul-byte";

/** A piece of a shell template: literal script text, or a reference to substitute. */
export type ShellTemplatePart = { text: string } | { ref: string };

/** Returns the value of a reference (`name`, `steps.build.output`, `env.HOME`, ...). */
export type ShellLookup = (ref: string) => unknown;

// Words made only of these need no quotes; keeps logged scripts readable.
// `=` is left out so a value can never turn into an assignment; `~`, `{`, `*` etc. expand.
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

/**
 * Quotes a value as shell words, POSIX single-quote style: `it's` → `'it'\''s'`.
 * A list becomes one quoted word per element, separated by spaces (an empty
 * list, no word); numbers and bools are written as text; null and undefined as
 * `''`; maps as JSON.
 */
export function shellQuote(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => quoteWord(shellText(item))).join(" ");
  return quoteWord(shellText(value));
}

/** The text a value stands for in a script (lists: elements separated by spaces). */
export function shellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(shellText).join(" ");
  if (isExactNumber(value)) return value.text;
  return stringifyExactly(value) ?? "";
}

function quoteWord(text: string): string {
  return SAFE_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a template into text and references. `${ref}` is a reference (exactly
 * one name, optionally dotted: `${steps.build.output}`); `\$` is a literal
 * dollar sign. Every other character, backslashes included, is script text.
 *
 * @throws Error for an unterminated `${` or an interpolation that is not a reference.
 */
export function parseShellTemplate(template: string): ShellTemplatePart[] {
  const parts: ShellTemplatePart[] = [];
  let text = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "\\" && template[i + 1] === "$") {
      text += "$";
      i++;
    } else if (c === "$" && template[i + 1] === "{") {
      const end = template.indexOf("}", i + 2);
      if (end < 0) throw new Error(`unterminated "\${" in shell template at offset ${i}`);
      const ref = template.slice(i + 2, end).trim();
      if (!REFERENCE.test(ref)) {
        throw new Error(
          `"\${${template.slice(i + 2, end)}}" is not a reference: an interpolation holds one name, ` +
            `like \${name} or \${steps.build.output} (write \\\${ for a literal "\${")`,
        );
      }
      if (text) parts.push({ text });
      text = "";
      parts.push({ ref });
      i = end;
    } else {
      text += c;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

/** The references of a template, in order of appearance. */
export function shellTemplateRefs(template: string | readonly ShellTemplatePart[]): string[] {
  const parts = typeof template === "string" ? parseShellTemplate(template) : template;
  return parts.flatMap((part) => ("ref" in part ? [part.ref] : []));
}

/** A value that cannot be placed where a template puts it. */
export class ShellInterpolationError extends Error {
  /**
   * @param part the index of the template part holding the reference.
   */
  constructor(
    message: string,
    readonly part: number,
  ) {
    super(message);
    this.name = "ShellInterpolationError";
  }
}

/** A value holding a NUL byte, which no shell script can carry (the OS ends its text there). */
export class ShellNulByteError extends ShellInterpolationError {
  /**
   * @param problem what {@link nulByteProblem} says of the value.
   */
  constructor(
    readonly ref: string,
    readonly problem: string,
    part: number,
  ) {
    super(`"\${${ref}}" ${problem}, which a shell script cannot carry`, part);
    this.name = "ShellNulByteError";
  }
}

/**
 * Builds a script from a template, substituting each `${ref}` with its value
 * quoted for where it stands: as quoted words outside quotes, escaped inside
 * `"..."` and here-documents, spliced into `'...'`. So `x; touch pwned
 * $(touch p2)` always arrives as literal text. Where no quoting can keep a
 * value literal (right after `$`, in arithmetic unless it is a number, in
 * backquotes, in the shell's own `${...}`, as a here-document's delimiter)
 * the value is refused.
 *
 * @param template a template string (see {@link parseShellTemplate}) or its parts.
 * @param lookup gives the value of a reference; undefined is an error.
 * @throws ShellInterpolationError for an unknown reference or a value that cannot be placed safely
 *   (a {@link ShellNulByteError} for one holding a NUL byte).
 */
export function interpolateShell(
  template: string | readonly ShellTemplatePart[],
  lookup: ShellLookup,
): string {
  const parts = typeof template === "string" ? parseShellTemplate(template) : template;
  const tracker = new ShellContextTracker();
  parts.forEach((part, index) => {
    if ("text" in part) {
      tracker.text(part.text);
      return;
    }
    const value = lookup(part.ref);
    if (value === undefined)
      throw new ShellInterpolationError(`no value for "\${${part.ref}}"`, index);
    const nul = nulByteProblem(shellText(value));
    if (nul) throw new ShellNulByteError(part.ref, nul, index);
    const refusal = tracker.refusal({ numeric: isNumeric(value) });
    if (refusal) throw new ShellInterpolationError(refusalMessage(part.ref, refusal), index);
    try {
      tracker.insert(part.ref, writeFor(tracker.position(), value));
    } catch (error) {
      throw new ShellInterpolationError((error as Error).message, index);
    }
  });
  return tracker.result();
}

/**
 * A template part for {@link shellRefusals}: text, a reference with what is
 * known of its value, or a backslash escape as the script's author wrote it
 * (`\"`, read as those two characters), whose position is asked for.
 */
export type ShellShapePart =
  { text: string } | { ref: string; numeric: boolean } | { escape: string };

/**
 * Before any value is known: for each reference of a template, in order, why
 * it cannot stand where it is (undefined where it can). `numeric` says the
 * value is sure to be a number (an int, number, duration or size). Where
 * each `escape` part stands is pushed onto `escapePositions`.
 */
export function shellRefusals(
  parts: readonly ShellShapePart[],
  escapePositions?: ShellPosition[],
): (ShellRefusal | undefined)[] {
  // Only where values stand matters here, not the script.
  const tracker = new ShellContextTracker({ keepScript: false });
  const refusals: (ShellRefusal | undefined)[] = [];
  for (const part of parts) {
    if ("text" in part) {
      tracker.text(part.text);
      continue;
    }
    if ("escape" in part) {
      escapePositions?.push(tracker.position());
      tracker.text(`\\${part.escape}`);
      continue;
    }
    const refusal = tracker.refusal({ numeric: part.numeric });
    refusals.push(refusal);
    // A stand-in of the same shape keeps the tracker where the real value would leave it.
    if (!refusal) tracker.insert(part.ref, writeFor(tracker.position(), part.numeric ? 0 : "v"));
  }
  return refusals;
}

/** A number, or text that is one: nothing in it is an expression but the number. */
function isNumeric(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "bigint" || isExactNumber(value)) return true;
  return typeof value === "string" && /^-?[0-9]+(?:\.[0-9]+)?$/.test(value);
}

/** A value written for its position. */
function writeFor(position: ShellPosition, value: unknown): string {
  switch (position) {
    case "plain":
      return shellQuote(value);
    case "arithmetic": {
      // Only numbers get here; a negative one keeps its sign as an operand: 1-(-2).
      const text = shellText(value);
      return text.startsWith("-") ? `(${text})` : text;
    }
    case "comment":
      // A newline would end the comment and run the rest of the value.
      return shellQuote(value).replace(/[\r\n]/g, " ");
    case "single":
      return shellText(value).replace(/'/g, `'\\''`);
    case "double":
      return shellText(value).replace(/[\\"$`]/g, "\\$&");
    case "heredoc":
      return shellText(value).replace(/[\\$`]/g, "\\$&");
    case "quoted-heredoc":
      return shellText(value);
  }
}

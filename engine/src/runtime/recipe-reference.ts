import { isExactNumber } from "./exact-number";
import { interpolateShell, shellText, type ShellTemplatePart } from "../commands/shell-quote";
import { MASK, SecretMask, type MaskedValue } from "./secret-mask";
import { applyValueFunction } from "./value-functions";

/**
 * Values of an undo recipe that the run record keeps as references, resolved
 * only when the undo runs: an environment variable (`env.TOKEN`) or a secret
 * param (`param.token`). So no environment value and no secret is written
 * into `journal.jsonl`, and an undo after a crash reads them from the
 * environment of `momoflow rollback`. In JSON:
 *
 * - `{ "$ref": "env.TOKEN" }`: the value itself;
 * - `{ "$text": ["Bearer ", { "$ref": "env.TOKEN" }] }`: a string with values in it;
 * - `{ "$shell": [{ "text": "curl -H " }, { "value": { "$text": [...] } }] }`:
 *   a shell script whose values are quoted for where they stand once known;
 * - `{ "$fn": "basename", "of": { "$ref": "env.FILE" } }`: an interpolation
 *   function applied once the value is known (`${basename(env.FILE)}`,
 *   `${json([region, env.REGION])}`).
 *
 * Keys starting with `$` cannot be map keys of the language, so these never
 * stand for a user's own value.
 */
export type RecipeValue = RecipeReference | RecipeText | RecipeShell | RecipeFunction;

/** `{ "$ref": "env.TOKEN" }` or `{ "$ref": "param.token" }`. */
export class RecipeReference {
  readonly $ref: string;
  /** The value during the run (never serialized: a private field is not an own property). */
  readonly #live: string;

  constructor(ref: string, live: string) {
    this.$ref = ref;
    this.#live = live;
  }

  /** The value this run has (for comparisons while resolving; never recorded). */
  get live(): string {
    return this.#live;
  }
}

/** A string with references in it. */
export interface RecipeText {
  $text: unknown[];
}

/** A shell script whose values are quoted when it is resolved. */
export interface RecipeShell {
  $shell: ({ text: string } | { value: unknown })[];
}

/** An interpolation function of a value with references in it, applied when it is resolved. */
export interface RecipeFunction {
  $fn: string;
  of: unknown;
}

/** `${name(value)}` of a value holding references, computed once they are known. */
export function recipeFunction(name: string, value: unknown): RecipeFunction {
  return { $fn: name, of: value };
}

/** Whether a value holds a reference anywhere (then it is recorded as such). */
export function holdsReference(value: unknown): boolean {
  if (value instanceof RecipeReference) return true;
  if (Array.isArray(value)) return value.some(holdsReference);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsReference);
  return false;
}

/** The value during the run: every reference replaced by what this run has. */
export function liveValue(value: unknown): unknown {
  if (value instanceof RecipeReference) return value.live;
  if (Array.isArray(value)) return value.map(liveValue);
  if (value !== null && typeof value === "object" && !isExactNumber(value)) {
    if (isText(value)) return value.$text.map((part) => shellText(liveValue(part))).join("");
    if (isFunction(value)) return applyValueFunction(value.$fn, liveValue(value.of));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, liveValue(v)]));
  }
  return value;
}

/** A string with references: `$text` when one of `parts` holds one, else the plain text. */
export function recipeText(parts: unknown[]): unknown {
  if (!parts.some(holdsReference)) return parts.map(shellText).join("");
  return { $text: parts } satisfies RecipeText;
}

/** Gives the value of a reference when the undo runs; throws, naming what is missing. */
export type ReferenceLookup = (ref: string) => string;

/** What an undo resolved: its arguments, and how to hide the values it read in messages. */
export interface ResolvedRecipeArgs {
  args: Record<string, unknown>;
  /** Secret params as `***`, environment values as `${env.NAME}`. */
  mask: SecretMask;
}

/**
 * Resolves the references of recorded arguments (parsed back from JSON or
 * built in this process).
 *
 * @throws Error from `lookup` (a variable that is not set), or
 *   ShellInterpolationError when a value cannot stand where its script puts it.
 */
export function resolveRecipeArgs(
  args: Record<string, unknown>,
  lookup: ReferenceLookup,
): ResolvedRecipeArgs {
  const read: MaskedValue[] = [];
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (typeof record.$ref === "string") {
      const resolved = lookup(record.$ref);
      read.push({ value: resolved, replacement: maskOf(record.$ref) });
      return resolved;
    }
    if (isText(record)) return record.$text.map((part) => shellText(resolve(part))).join("");
    if (isFunction(record)) return applyValueFunction(record.$fn, resolve(record.of));
    if (isShell(record)) {
      const values = record.$shell.map((part) =>
        "value" in part ? resolve(part.value) : undefined,
      );
      const template: ShellTemplatePart[] = record.$shell.map((part, i) =>
        "text" in part ? { text: part.text } : { ref: `#${i}` },
      );
      return interpolateShell(template, (ref) => values[Number(ref.slice(1))]);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]));
  };
  const resolved = resolve(args) as Record<string, unknown>;
  return { args: resolved, mask: messageMask(read) };
}

/**
 * How to hide, in a message, the values a live action read through the
 * references of `value` (its resolution for the record): secret params as
 * `***`, environment values as `${env.NAME}`. A failed shell action's message
 * quotes its script, which holds them.
 */
export function referenceMask(value: unknown): SecretMask {
  const read: MaskedValue[] = [];
  const visit = (v: unknown): void => {
    if (v instanceof RecipeReference) read.push({ value: v.live, replacement: maskOf(v.$ref) });
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return messageMask(read);
}

function messageMask(read: MaskedValue[]): SecretMask {
  return new SecretMask(
    read.filter((r) => r.replacement === MASK || r.value.length >= MIN_ENV_MASK),
  );
}

/**
 * Environment values shorter than this are not hidden in messages: `1` or
 * `on` would replace ordinary text, and give nothing away.
 */
const MIN_ENV_MASK = 4;

/** What a resolved reference's value is shown as: a secret param as `***`, an env value by its name. */
function maskOf(ref: string): string {
  return ref.startsWith("env.") ? `\${${ref}}` : MASK;
}

function isText(value: object): value is RecipeText {
  return Array.isArray((value as Partial<RecipeText>).$text);
}

function isFunction(value: object): value is RecipeFunction {
  return typeof (value as Partial<RecipeFunction>).$fn === "string" && "of" in value;
}

function isShell(value: object): value is RecipeShell {
  return Array.isArray((value as Partial<RecipeShell>).$shell);
}

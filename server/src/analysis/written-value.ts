/**
 * What a param, var or command parameter holds at a path (`samples[1]`,
 * `config.sites[0]`) when the file writes it out: a var's value, or a
 * param's default (which a run may replace). Completion offers its indexes
 * and fields, hover shows the item. The path is read as the checker reads
 * it (`readWrittenPath`), following vars set to other vars, and to a
 * param's item through the param's default.
 */
import {
  expressionText,
  readWrittenPath,
  type Expression,
  type ParamDeclaration,
  type Segment,
  type StepDeclaration,
  type VarDeclaration,
} from "@momoflow/language";

/** A value written out, as JSON, and where it is written, for an item's documentation. */
export interface WrittenValue {
  value: unknown;
  /** `var \`regions\`'s value as written`, `the default of param \`samples\` (a run may give another)`. */
  where: string;
}

/** The declarations a bare name may mean where it is read. */
export type NamedValues = readonly (ParamDeclaration | VarDeclaration)[];

const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The value `name` holds at `path` (`sites`, `[0]`, as written), when what
 * the file writes there is known; undefined for a name with no written
 * value, a path that leaves it, or a value only the run knows.
 */
export function writtenValueAt(
  declared: NamedValues,
  name: string,
  path: readonly string[],
): WrittenValue | undefined {
  const decl = declared.find((d) => d?.name?.text === name);
  const written = decl?.kind === "var" ? decl.value : decl?.default;
  if (!decl || !written) return undefined;
  // A var set to a param's item (`var sites = config.sites`) reads it in the param's default.
  let throughDefault: string | undefined;
  const writtenOf = (other: string): Expression | undefined => {
    const d = declared.find((each) => each?.name?.text === other);
    if (d?.kind === "var") return d.value;
    if (d?.kind === "param" && d.default) throughDefault ??= other;
    return d?.kind === "param" ? d.default : undefined;
  };
  const read = readWrittenPath(written, [segment(name)], path.map(segment), writtenOf);
  if (read.kind !== "found") return undefined;
  const where =
    decl.kind === "param"
      ? `the default of \`${name}\` (a run may give another value)`
      : throughDefault
        ? `var \`${name}\`'s value, read in the default of \`${throughDefault}\` (a run may give another value)`
        : `var \`${name}\`'s value as written`;
  return { value: writtenJson(read.value), where };
}

/**
 * What the item of `step`'s `for_each` holds at `path`, when it runs over a
 * list a param or var is written with (`for_each: site in config.sites`):
 * read in that list's first item; undefined when `item` is not the step's
 * item or the list is not written out.
 */
export function forEachItemValueAt(
  declared: NamedValues,
  step: StepDeclaration | undefined,
  item: string,
  path: readonly string[],
): WrittenValue | undefined {
  const forEach = step?.properties?.find((p) => p?.name?.text === "for_each");
  const items = forEach?.item?.text === item ? forEach.value : undefined;
  const [head, ...rest] = items?.kind === "ref" ? (items.segments ?? []) : [];
  if (!items || !head?.text) return undefined;
  const first = writtenValueAt(declared, head.text, [...rest.map((s) => s.text), "[0]", ...path]);
  if (!first) return undefined;
  return { value: first.value, where: `an item of \`${expressionText(items)}\`, ${first.where}` };
}

/** Whether `name` is the item of `step`'s `for_each`. */
export function isForEachItem(step: StepDeclaration | undefined, name: string): boolean {
  return (
    step?.properties?.some((p) => p?.name?.text === "for_each" && p.item?.text === name) === true
  );
}

/** A path part as written (`sites`, `[0]`) as a reference's segment. */
function segment(text: string): Segment {
  const index = /^\[(\d+)\]$/.exec(text);
  return index ? { text, index: Number(index[1]), range: NOWHERE } : { text, range: NOWHERE };
}

/**
 * A written value as JSON: literals as their values (a duration in
 * milliseconds, a size in bytes, as the run has them), and what only the
 * run knows (a reference, a text with `${...}`) as its text.
 */
function writtenJson(expr: Expression): unknown {
  switch (expr.kind) {
    case "string":
      return expr.parts.every((p) => p.kind === "text")
        ? expr.parts.map((p) => (p.kind === "text" ? p.value : "")).join("")
        : expressionText(expr);
    case "number":
    case "bool":
      return expr.value;
    case "duration":
      return expr.ms;
    case "size":
      return expr.bytes;
    case "list":
      return expr.items.map(writtenJson);
    case "map":
      return Object.fromEntries(
        expr.entries.map((e) => [e.key.text, e.value ? writtenJson(e.value) : null]),
      );
    default:
      return expressionText(expr);
  }
}

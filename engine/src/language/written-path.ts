import { segmentsText, type Expression, type Segment } from "./ast";

/**
 * What a path (`[1]`, `.region`, `.sites[0].name`) reads inside a value
 * written out in the file — a var set to a list or map literal, a param's
 * default — before the run: the checker reports an item or field that is not
 * there (MF008), the editor completes and hovers the ones that are.
 */
export type WrittenRead =
  /** The item or field is written out: `value` is its expression (a literal, or a reference known only in the run). */
  | { kind: "found"; value: Expression }
  /** What the path goes through is known only in the run (a reference, a call): nothing to say. */
  | { kind: "unknown" }
  /** The path asks for what the written value does not have: `segment` is the first part at fault. */
  | { kind: "missing"; segment: Segment; message: string };

/**
 * The value written for a bare name, when the file writes one that the run
 * cannot change (a var's value); undefined otherwise. A var set to another
 * name (`var b = a`) is followed by {@link readWrittenPath}.
 */
export type WrittenValueOf = (name: string) => Expression | undefined;

/**
 * Reads `path` inside `value` (what `head`, as written, names), following
 * references to names whose value `writtenOf` knows (`var b = a[0]`); a name
 * already followed is not followed again, so `var a = b` `var b = a` ends.
 * The messages use the words a run fails with (compile/output-path.ts).
 */
export function readWrittenPath(
  value: Expression,
  head: readonly Segment[],
  path: readonly Segment[],
  writtenOf: WrittenValueOf = () => undefined,
  seen: ReadonlySet<string> = new Set(),
): WrittenRead {
  let current = value;
  let followedNames = seen;
  for (let i = 0; i <= path.length; i++) {
    const followed = follow(current, writtenOf, followedNames);
    if (!followed) return i === path.length ? { kind: "found", value: current } : UNKNOWN;
    // `var b = a[0]` then `b[1]`: read `a[0][1]` in a's written value.
    if (followed.rest) return readThrough(followed, path.slice(i), writtenOf);
    current = followed.value;
    followedNames = followed.seen;
    const segment = path[i];
    if (!segment) break;
    const next = step(current, segment, segmentsText([...head, ...path.slice(0, i)]));
    if (next.kind !== "found") return next;
    current = next.value;
  }
  return { kind: "found", value: current };
}

const UNKNOWN: WrittenRead = { kind: "unknown" };

/**
 * The rest of a path read through a var set to an item of another
 * (`var b = a[0]`): a part of the var's own path at fault is reported where
 * the var is written, by its own check, not again at each reader.
 */
function readThrough(
  followed: Followed,
  path: readonly Segment[],
  writtenOf: WrittenValueOf,
): WrittenRead {
  const own = followed.rest!;
  const read = readWrittenPath(
    followed.value,
    followed.head!,
    [...own, ...path],
    writtenOf,
    followed.seen,
  );
  return read.kind === "missing" && own.includes(read.segment) ? UNKNOWN : read;
}

/** One part of a path inside a written value. */
function step(value: Expression, segment: Segment, read: string): WrittenRead {
  if (segment.index !== undefined) {
    if (value.kind === "list") {
      const item = value.items[segment.index];
      if (item) return { kind: "found", value: item };
      const count = value.items.length;
      return {
        kind: "missing",
        segment,
        message: `${read} has ${count} item${count === 1 ? "" : "s"}: it has no item ${segment.text}`,
      };
    }
    const kind = writtenKind(value);
    if (kind === undefined) return { kind: "unknown" };
    return {
      kind: "missing",
      segment,
      message: `${read} is ${kind}, not a list: it has no item ${segment.text}`,
    };
  }
  if (value.kind === "map") {
    const entry = value.entries.find((e) => e.key.text === segment.text);
    if (entry?.value) return { kind: "found", value: entry.value };
    if (entry) return { kind: "unknown" };
    const keys = value.entries.map((e) => `"${e.key.text}"`);
    return {
      kind: "missing",
      segment,
      message: `${read} has no field "${segment.text}"${keys.length ? `; it has ${keys.join(", ")}` : ""}`,
    };
  }
  const kind = writtenKind(value);
  if (kind === undefined) return { kind: "unknown" };
  return {
    kind: "missing",
    segment,
    message: `${read} is ${kind}, not a map: it has no field "${segment.text}"`,
  };
}

/** A written value with a path still to read (`a[0]` when following `var b = a[0]`). */
interface Followed {
  value: Expression;
  rest?: readonly Segment[];
  /** With `rest`: the name the path is read in (`a`), for messages. */
  head?: readonly Segment[];
  seen: ReadonlySet<string>;
}

/** `value` itself, or what the name it reads is written as; undefined when that is known only in the run. */
function follow(
  value: Expression,
  writtenOf: WrittenValueOf,
  seen: ReadonlySet<string>,
): Followed | undefined {
  if (value.kind !== "ref") return { value, seen };
  const [first, ...rest] = value.segments;
  if (!first || first.index !== undefined || seen.has(first.text)) return undefined;
  const written = writtenOf(first.text);
  if (!written) return undefined;
  const next = new Set([...seen, first.text]);
  return rest.length
    ? { value: written, rest, head: [first], seen: next }
    : follow(written, writtenOf, next);
}

/** What a written value is, for a message (`the text "eu"`, `a map`); undefined when known only in the run. */
function writtenKind(value: Expression): string | undefined {
  switch (value.kind) {
    case "list":
      return "a list";
    case "map":
      return "a map";
    case "string":
      return value.parts.every((p) => p.kind === "text")
        ? `the text ${JSON.stringify(value.parts.map((p) => (p.kind === "text" ? p.value : "")).join(""))}`
        : "a text";
    case "number":
      return `the number ${value.value}`;
    case "bool":
      return `the bool ${value.value}`;
    case "duration":
      return `the duration ${value.text}`;
    case "size":
      return `the size ${value.text}`;
    default:
      return undefined;
  }
}

import type { Range } from "../ast";
import type { DiagnosticData } from "../diagnostic";
import { nearestNames } from "../edit-distance";
import type { NameIndex } from "../name-index";

/** A "did you mean" for an unknown name: the text to append to the message and the quick-fix data. */
export interface Suggestion {
  /** `; did you mean "build"?`, or "" when nothing is close enough. */
  hint: string;
  /** `suggestions` and `replaceRange`, or empty when nothing is close enough. */
  data: DiagnosticData;
}

/**
 * Looks for what `name` (written at `range`) was meant to be among
 * `candidates`. The message names the nearest one; the data lists up to
 * three, nearest first, for the editor's quick fixes.
 */
export function suggestName(name: string, range: Range, candidates: Iterable<string>): Suggestion {
  return suggestion(nearestNames(name, candidates), range);
}

/**
 * The `candidates` that `written` leaves out. A name the same call, map or
 * block writes already is no "did you mean" for a typo beside it: the quick
 * fix would write it twice (MF004). Only read for an unknown name (a rare
 * path), so a plain filter.
 */
export function notWritten(
  candidates: Iterable<string>,
  written: Iterable<string | undefined>,
): string[] {
  const taken = new Set(written);
  return [...candidates].filter((name) => !taken.has(name));
}

/**
 * {@link suggestName} among indexed candidates but `exclude`: the same
 * suggestion, found without comparing `name` with every candidate. Only the
 * nearest name is looked for now (the message needs it); the list of the
 * quick fixes is found when first read, so a diagnostic nobody shows it for
 * (`momoflow check`, or past the editor's limit) costs one short search.
 * `unknownStep` adds the name as the data's `unknownStep` (the "create
 * step" quick fix).
 */
export function suggestAmong(
  name: string,
  range: Range,
  candidates: NameIndex,
  exclude?: string,
  unknownStep = false,
): Suggestion {
  const nearest = candidates.nearest(name, 1, exclude)[0];
  if (nearest === undefined) return { hint: "", data: unknownStep ? { unknownStep: name } : {} };
  const data = lazySuggestions(range, candidates, name, exclude);
  if (unknownStep) data.unknownStep = name;
  return { hint: hintFor(nearest), data };
}

/** The search that lazy data's `suggestions` stands for. */
interface PendingSearch {
  candidates: NameIndex;
  name: string;
  exclude: string | undefined;
}

/** Where lazy data keeps its search: a symbol, not enumerable, so no reader of the data sees it. */
const PENDING = Symbol("pending suggestions");

type LazyData = DiagnosticData & { [PENDING]?: PendingSearch };

/**
 * The `suggestions` of lazy data: one getter and setter shared by all. (A
 * getter in an object literal is a new function for each object, and makes
 * each a slow dictionary: thousands of diagnostics are made per check.)
 */
const LAZY_SUGGESTIONS: PropertyDescriptor = {
  get(this: LazyData): string[] {
    const search = this[PENDING]!;
    this[PENDING] = undefined;
    return keep(this, [...search.candidates.nearest(search.name, 3, search.exclude)]);
  },
  set(this: LazyData, value: string[]): void {
    this[PENDING] = undefined;
    keep(this, value);
  },
  enumerable: true,
  configurable: true,
};

/** The descriptor of {@link PENDING}, reused (its value set for each object). */
const HIDDEN: PropertyDescriptor = {
  value: undefined,
  enumerable: false,
  writable: true,
  configurable: true,
};

/**
 * The hint of {@link suggestAmong} alone, for a check that makes no
 * quick-fix data: a check made once, so the answer is not remembered.
 */
export function hintAmong(name: string, candidates: NameIndex, exclude?: string): string {
  const nearest = candidates.nearestOnce(name, 1, exclude)[0];
  return nearest === undefined ? "" : hintFor(nearest);
}

/**
 * Quick-fix data whose `suggestions` (up to three names of `candidates`
 * near `name`) are computed on first read, then kept as a plain value: the
 * data reads, spreads and serializes as plain data does.
 */
function lazySuggestions(
  replaceRange: Range,
  candidates: NameIndex,
  name: string,
  exclude: string | undefined,
): DiagnosticData {
  const data: LazyData = {};
  // `suggestions` first, as in plain data.
  Object.defineProperty(data, "suggestions", LAZY_SUGGESTIONS);
  data.replaceRange = replaceRange;
  HIDDEN.value = { candidates, name, exclude } satisfies PendingSearch;
  Object.defineProperty(data, PENDING, HIDDEN);
  HIDDEN.value = undefined;
  return data;
}

/** Makes `suggestions` of `data` a plain value from now on. */
function keep(data: DiagnosticData, value: string[]): string[] {
  Object.defineProperty(data, "suggestions", {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return value;
}

/** The suggestion of names found by other means (another tool's name for a property), nearest first. */
export function suggestion(suggestions: readonly string[], range: Range): Suggestion {
  if (suggestions.length === 0) return { hint: "", data: {} };
  return {
    hint: hintFor(suggestions[0]!),
    data: { suggestions: [...suggestions], replaceRange: range },
  };
}

function hintFor(nearest: string): string {
  return `; did you mean "${nearest}"?`;
}

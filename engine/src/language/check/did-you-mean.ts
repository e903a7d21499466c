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

/** Whether a candidate name fits the place of the unknown one (its type, a fan-out step or not). */
export type Fits = (candidate: string) => boolean;

/** How many near names are looked at for one that fits, when the nearest does not. */
const FITTING_SEARCH = 8;

/**
 * Of `near` (nearest first), those that `fits`, when any does; else all of
 * them: a name that does not fit is still the likeliest typo, but one that
 * fits is a quick fix that leaves no other error (a list where a string goes
 * is MF007).
 */
export function preferFitting(near: readonly string[], fits: Fits | undefined): readonly string[] {
  if (!fits) return near;
  const fitting = near.filter(fits);
  return fitting.length > 0 ? fitting : near;
}

/** {@link suggestName} preferring the `candidates` that {@link Fits} the place. */
export function suggestFitting(
  name: string,
  range: Range,
  candidates: Iterable<string>,
  fits: Fits | undefined,
): Suggestion {
  const near = nearestNames(name, candidates, fits ? Infinity : 3);
  return suggestion(preferFitting(near, fits).slice(0, 3), range);
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
 * step" quick fix). `fits`: the candidates preferred (see {@link preferFitting}).
 */
export function suggestAmong(
  name: string,
  range: Range,
  candidates: NameIndex,
  exclude?: string,
  unknownStep = false,
  fits?: Fits,
): Suggestion {
  const nearest = nearestFitting(candidates, name, exclude, fits, true);
  if (nearest === undefined) return { hint: "", data: unknownStep ? { unknownStep: name } : {} };
  const data = lazySuggestions(range, candidates, name, exclude, fits);
  if (unknownStep) data.unknownStep = name;
  return { hint: hintFor(nearest), data };
}

/** The search that lazy data's `suggestions` stands for. */
interface PendingSearch {
  candidates: NameIndex;
  name: string;
  exclude: string | undefined;
  fits: Fits | undefined;
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
    const { candidates, name, exclude, fits } = search;
    const near = candidates.nearest(name, fits ? FITTING_SEARCH : 3, exclude);
    return keep(this, preferFitting(near, fits).slice(0, 3));
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
export function hintAmong(
  name: string,
  candidates: NameIndex,
  exclude?: string,
  fits?: Fits,
): string {
  const nearest = nearestFitting(candidates, name, exclude, fits, false);
  return nearest === undefined ? "" : hintFor(nearest);
}

/**
 * The nearest candidate, or the nearest that `fits` when it does not (the
 * wider search only then: most often the nearest fits).
 */
function nearestFitting(
  candidates: NameIndex,
  name: string,
  exclude: string | undefined,
  fits: Fits | undefined,
  remember: boolean,
): string | undefined {
  const search = (max: number): readonly string[] =>
    remember ? candidates.nearest(name, max, exclude) : candidates.nearestOnce(name, max, exclude);
  const nearest = search(1)[0];
  if (nearest === undefined || !fits || fits(nearest)) return nearest;
  return preferFitting(search(FITTING_SEARCH), fits)[0];
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
  fits: Fits | undefined,
): DiagnosticData {
  const data: LazyData = {};
  // `suggestions` first, as in plain data.
  Object.defineProperty(data, "suggestions", LAZY_SUGGESTIONS);
  data.replaceRange = replaceRange;
  HIDDEN.value = { candidates, name, exclude, fits } satisfies PendingSearch;
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

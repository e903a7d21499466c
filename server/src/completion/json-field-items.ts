/**
 * The fields of a step's JSON output, and `[0]` for a list, as the latest
 * finished run of its workflow recorded them (`recorded-json-output.ts`):
 * after `steps.<id>.output.` (or a fan-out's `steps.<id>.outputs[i].`) in
 * code and in `${…}`, and after `expect output <id>.` in a test. Nothing
 * recorded, nothing offered: the output's shape is known only once the
 * step ran. After a `[` instead of the `.`, the indexes of the list there:
 * those the run recorded, else a fan-out's instances when its `for_each`
 * list is written out, else `0`.
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import { recordedJsonOutput } from "../session/recorded-json-output";
import type { ItemBuilder } from "./item-builder";

/** Where a recorded output is read, and the path read in it. */
export interface RecordedOutputPath {
  /** The workflow's file (absolute path), whose runs are searched. */
  source: string;
  /** The workflow the run ran. */
  workflow: string;
  /** The step's id in the record: `stats`, `convert`, `release/stats`, `deploy[0]/bump`. */
  stepId: string;
  /** The reference up to the recorded value, as written: `steps.stats.output`, or `stats` in an `expect`. */
  written: string;
  /** Fields and items after it, as written (`sites`, `[0]`), up to the `.` at the cursor. */
  path: readonly string[];
  /**
   * The value read is one instance's output, of the list of them the fan-out
   * step recorded (its own rollback's `steps.<id>.output`): its first object.
   */
  instance?: boolean;
  /** Set after a `[` (`sites[`, `outputs[`): the indexes of the list at `path` are offered. */
  index?: IndexCompletion;
}

/** How indexes are offered after a `[`. */
export interface IndexCompletion {
  /** A `]` follows the cursor already: an index inserts its number alone, else with the `]`. */
  closeFollows: boolean;
  /**
   * When no run recorded the list: the items it is known to hold before the
   * run, as written (a fan-out's `for_each` list written out); undefined
   * when its length is unknown, which offers `0` alone.
   */
  unrecorded?: readonly string[];
}

/** How many indexes are offered at most: a list longer than that is read by typing the number. */
export const MAX_INDEXES = 20;

/** A name a reference can write after a `.`. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** How long a value's excerpt may be in an item's detail. */
const DETAIL_LENGTH = 40;

/** How long a value's excerpt may be in an item's documentation. */
const DOC_LENGTH = 200;

/**
 * Adds the fields of the recorded value at `at.path` (an object), or `[0]`
 * (a list: it replaces the `.` typed before it), each with its type and an
 * excerpt of what the run recorded as detail, and the run in its documentation.
 */
export function addRecordedJsonFields(builder: ItemBuilder, at: RecordedOutputPath): void {
  const recorded = recordedJsonOutput(at.source, at.workflow, at.stepId);
  if (!recorded) {
    if (at.index) addUnrecordedIndexes(builder, at, at.index);
    return;
  }
  let value: unknown = recorded.value;
  if (at.instance) value = Array.isArray(value) ? value.find(isJsonObject) : undefined;
  const where = `\`${at.workflow}\`'s run \`${recorded.runId}\` (its latest finished run that recorded step \`${at.stepId}\`)`;
  addJsonValueItems(builder, value, at, where);
}

/** Where a known value is read, and the path read in it: see {@link RecordedOutputPath}. */
export type JsonValuePath = Pick<RecordedOutputPath, "written" | "path" | "index">;

/**
 * Adds the fields of `value` at `at.path` (an object), `[0]` (a list), or
 * after a `[` the indexes of the list there, each with its type and an
 * excerpt of its value; `where` says where the value comes from (a run, a
 * var's written value), in each item's documentation.
 */
export function addJsonValueItems(
  builder: ItemBuilder,
  root: unknown,
  at: JsonValuePath,
  where: string,
): void {
  let value = root;
  for (const segment of at.path) value = jsonAt(value, segment);
  if (at.index) {
    if (Array.isArray(value)) addRecordedIndexes(builder, at, at.index, value, where);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    const path = jsonPathText([at.written, ...at.path, "[0]"]);
    builder.add("[0]", CompletionItemKind.Field, {
      replacesBefore: 1,
      filterText: ".[0]",
      detail: detailOf(value[0]),
      documentation: `${itemDoc(path, value[0], where)}\n\nThe first of ${value.length} item${value.length === 1 ? "" : "s"} there (\`[1]\` the next, from 0).`,
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [field, item] of Object.entries(value)) {
    if (!FIELD_NAME.test(field)) continue;
    builder.add(field, CompletionItemKind.Field, {
      detail: detailOf(item),
      documentation: itemDoc(jsonPathText([at.written, ...at.path, field]), item, where),
    });
  }
}

/**
 * `0`, `1`, … for each item of a recorded list (up to {@link MAX_INDEXES}),
 * each with the item's type and excerpt.
 */
function addRecordedIndexes(
  builder: ItemBuilder,
  at: JsonValuePath,
  index: IndexCompletion,
  list: readonly unknown[],
  where: string,
): void {
  list.slice(0, MAX_INDEXES).forEach((item, i) => {
    const path = jsonPathText([at.written, ...at.path, `[${i}]`]);
    builder.add(String(i), CompletionItemKind.Field, {
      insert: indexText(i, index),
      detail: detailOf(item),
      documentation: `${itemDoc(path, item, where)}\n\n${ofItems(i, list.length)}`,
    });
  });
}

/**
 * With no run recorded: the indexes of the items known before the run, each
 * with the item it is for, or `0` alone when the length is unknown.
 */
function addUnrecordedIndexes(
  builder: ItemBuilder,
  at: RecordedOutputPath,
  index: IndexCompletion,
): void {
  const items = index.unrecorded;
  if (!items) {
    builder.add("0", CompletionItemKind.Field, {
      insert: indexText(0, index),
      detail: "the first item",
      documentation: `\`${jsonPathText([at.written, ...at.path, "[0]"])}\`: the first item (from 0). How many there are is known once the step ran: no finished run of \`${at.workflow}\` recorded it yet.`,
    });
    return;
  }
  items.slice(0, MAX_INDEXES).forEach((item, i) => {
    builder.add(String(i), CompletionItemKind.Field, {
      insert: indexText(i, index),
      detail: `for ${item}`,
      documentation: `\`${jsonPathText([at.written, ...at.path, `[${i}]`])}\`: the output of the instance that runs for item ${i} of its \`for_each\` list, \`${item}\`.\n\n${ofItems(i, items.length)}`,
    });
  });
}

/** `0]`, or `0` when a `]` follows already. */
function indexText(i: number, index: IndexCompletion): string {
  return index.closeFollows ? String(i) : `${i}]`;
}

/** "Item 2 of 3 (from 0)", and how many are not offered past the cap. */
function ofItems(i: number, length: number): string {
  const beyond =
    length > MAX_INDEXES
      ? ` The first ${MAX_INDEXES} are offered; write the number of a later one.`
      : "";
  return `Item ${i} of ${length} (from 0).${beyond}`;
}

/** `map: {"owner":"web"}`, `number: 3`: the value's type and its excerpt. */
function detailOf(value: unknown): string {
  return `${jsonKind(value)}: ${excerpt(value, DETAIL_LENGTH)}`;
}

function itemDoc(path: string, value: unknown, where: string): string {
  return `\`${path}\` in ${where}:\n\n\`\`\`json\n${excerpt(value, DOC_LENGTH)}\n\`\`\``;
}

function excerpt(value: unknown, length: number): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/**
 * The value a segment reads: a field, or for `[n]` item n of a list — the
 * first item when the recorded list is shorter, as the items of a list
 * share their fields.
 */
function jsonAt(value: unknown, segment: string): unknown {
  const index = /^\[(\d+)\]$/.exec(segment);
  if (!index) return isJsonObject(value) ? value[segment] : undefined;
  if (!Array.isArray(value)) return undefined;
  return value[Number(index[1])] ?? value[0];
}

/** Segments as written: names after dots, an index right after what it indexes. */
function jsonPathText(segments: readonly string[]): string {
  return segments.map((s, i) => (i === 0 || s.startsWith("[") ? s : `.${s}`)).join("");
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `string`, `number`, `bool`, `list`, `map` or `null`: what a JSON value is, in the language's words. */
function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "object") return "map";
  return typeof value;
}

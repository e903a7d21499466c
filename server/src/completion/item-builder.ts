/**
 * Builds completion items that replace the word typed at the cursor: every
 * item carries an edit over that word (an insert/replace edit when the
 * client supports one), a sort key that keeps the order the items were added
 * in within their group, and snippets only for clients that take them.
 */
import {
  type Command,
  type CompletionItem,
  type CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Range,
} from "vscode-languageserver/node";

/** What the client can take. */
export interface ClientSupport {
  snippets: boolean;
  insertReplace: boolean;
}

/** How one item is written. */
export interface ItemOptions {
  /** Plain text to insert (default: the label). */
  insert?: string;
  /** A snippet to insert where the client supports snippets (else `insert`, or the snippet's plain text). */
  snippet?: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Items sort by group, then in the order they were added. Default 0. */
  group?: number;
  filterText?: string;
  /** Run after inserting (e.g. ask for completion again after `steps.`). */
  command?: Command;
  /**
   * How many characters before the word (on its line) the item replaces too:
   * `[0]` after `output.` replaces the `.` (give a `filterText` that starts
   * with them: the editor filters by the text from the edit's start).
   */
  replacesBefore?: number;
  /**
   * The item names the key of a `name: value` pair (a property, an argument,
   * a key of `params`) and writes its `: `. Where a `:` follows the word
   * already (a name retyped before its value), it writes the name alone,
   * over the whole word, so the pair stays one pair.
   */
  key?: boolean;
}

/** Asks the editor for completion again (after inserting `steps.`). */
export const SUGGEST_AGAIN: Command = {
  title: "Suggest",
  command: "editor.action.triggerSuggest",
};

/** A snippet's text without its tab stops: `${1:name}` → `name`, `${1|a,b|}` → `a`, `$0` → ``. */
export function snippetPlainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1")
    .replace(/\$\{\d+:([^}]*)\}/g, "$1")
    .replace(/\$\{\d+\}|\$\d+/g, "")
    .replace(/\\([$}\\])/g, "$1");
}

/** Collects the items of one completion request. */
export class ItemBuilder {
  readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    /** The word typed before the cursor. */
    private readonly insert: Range,
    /** The whole word at the cursor. */
    private readonly replace: Range,
    private readonly support: ClientSupport,
    /** The text after the word goes on with a `:` (on its line): see {@link ItemOptions.key}. */
    private readonly colonFollows = false,
  ) {}

  /** Adds an item; a label already added is left out. */
  add(label: string, kind: CompletionItemKind, options: ItemOptions = {}): void {
    if (this.seen.has(label)) return;
    this.seen.add(label);
    let newText = options.insert ?? label;
    let format: InsertTextFormat = InsertTextFormat.PlainText;
    if (options.snippet !== undefined) {
      if (this.support.snippets) {
        newText = options.snippet;
        format = InsertTextFormat.Snippet;
      } else if (options.insert === undefined) {
        newText = snippetPlainText(options.snippet);
      }
    }
    const retypedKey = options.key === true && this.colonFollows;
    if (retypedKey) {
      newText = label;
      format = InsertTextFormat.PlainText;
    }
    const before = options.replacesBefore ?? 0;
    const typed = retypedKey ? this.replace : this.insert;
    const insert = before > 0 ? startingEarlier(typed, before) : typed;
    const replace = before > 0 ? startingEarlier(this.replace, before) : this.replace;
    const item: CompletionItem = {
      label,
      kind,
      sortText: `${options.group ?? 0}${String(this.items.length).padStart(4, "0")}`,
      insertTextFormat: format,
      textEdit: this.support.insertReplace
        ? { newText, insert, replace }
        : { newText, range: insert },
    };
    if (options.detail !== undefined) item.detail = options.detail;
    if (options.documentation)
      item.documentation = { kind: MarkupKind.Markdown, value: options.documentation };
    if (options.filterText !== undefined) item.filterText = options.filterText;
    if (options.command) item.command = options.command;
    this.items.push(item);
  }
}

/** `range` from `characters` earlier on its first line. */
function startingEarlier(range: Range, characters: number): Range {
  const start = {
    line: range.start.line,
    character: Math.max(0, range.start.character - characters),
  };
  return { start, end: range.end };
}

import { resolve } from "node:path";
import type { CommandSignature } from "../commands/command";
import { type CommandRegistry, getCommandRegistry } from "../commands/registry";
import { type CheckEnvironment, checkDocument } from "./check/check-document";
import type { Diagnostic } from "./diagnostic";
import { reparseIncrementally } from "./incremental-parse";
import { parseDocument } from "./parse";
import type { CheckResult, ParsedDocument } from "./scope";
import {
  InvalidUtf8Error,
  missingSourceReason,
  readSourceText,
  withoutByteOrderMark,
  unreadableSourceReason,
} from "./source-text";

/** Where the workspace reads files that are not open in an editor. */
export interface WorkspaceHost {
  /**
   * The file's text, or undefined when there is no such file. May throw an
   * {@link InvalidUtf8Error}: the file is then checked as one MF013 that says so.
   */
  readFile(path: string): string | undefined;
}

/** Options of {@link LanguageWorkspace}. */
export interface LanguageWorkspaceOptions {
  /** Default: the file system (node:fs). */
  host?: WorkspaceHost;
  /** Where built-in and registered commands come from. Default: the process-wide registry. */
  registry?: CommandRegistry;
  /**
   * False: diagnostics carry no `data` (the quick fixes' suggestions and
   * ranges), for a check whose diagnostics are only printed, as `momoflow
   * check` does: making the data of 20,000 "did you mean"s costs as much as
   * a tenth of such a check. The messages are the same. Default true.
   */
  quickFixData?: boolean;
  /**
   * True: each check keeps what the next check of the same file needs to
   * re-check only the step an edit changed (workflow-check-memo.ts), and
   * reuses the last one's where it provably holds: for an editor's session.
   * Default false: a workspace that checks each file once keeps nothing.
   */
  incrementalCheck?: boolean;
  /**
   * True: trees keep their ranges as offsets, positions worked out when read
   * (offset-range.ts), for a check whose trees are read once, as `momoflow
   * check` reads them: some 5% of its time on a file of 20,000 steps. Such
   * trees are never re-parsed incrementally. Default false.
   */
  offsetRanges?: boolean;
}

/**
 * The file system as a host, reading as {@link readSourceText} does: a file
 * that cannot be read does not exist, only regular files up to 16 MB are
 * read, and bytes that are not UTF-8 are an {@link InvalidUtf8Error}. A
 * byte order mark is left out, as editors leave it out of a document's text:
 * positions in a file read from disk (`momoflow check`'s columns, a
 * definition, a rename's edit in a file not open) are then the editor's.
 */
export const fileSystemHost: WorkspaceHost = {
  readFile: (path) => withoutByteOrderMark(readSourceText(path)),
};

/** A check result and what it was computed from, to tell when it is stale. */
interface CachedCheck {
  result: CheckResult;
  /** The text of every file the check read (undefined: it did not exist). */
  texts: Map<string, string | undefined>;
  commands: readonly CommandSignature[];
}

/**
 * The `.momoflow` files of a workspace, parsed and checked on demand, for the
 * CLI and the language server alike. Texts of open editor documents override
 * the disk; disk texts are read once and kept until {@link invalidate}.
 *
 * Both caches are keyed on text identity: parsing an unchanged text returns
 * the same {@link ParsedDocument}, and checking a file whose text and whose
 * imports' texts (transitively) are unchanged returns the same
 * {@link CheckResult}, without work beyond a few map lookups.
 *
 * Imports bring every command and workflow of the imported file into scope,
 * and those of the files it imports in turn (transitively): a file that
 * imports `team.momoflow` sees what `team.momoflow` sees, as with C includes
 * or Make, and no import needs repeating.
 *
 * Paths are absolute file system paths; relative ones are resolved against
 * the current directory. Every position in a result is in the file named by
 * its `path`.
 */
export class LanguageWorkspace {
  private readonly host: WorkspaceHost;
  private readonly registry: CommandRegistry | undefined;
  private readonly quickFixData: boolean;
  private readonly incrementalCheck: boolean;
  private readonly offsetRanges: boolean;
  private readonly openTexts = new Map<string, string>();
  private readonly diskTexts = new Map<string, string | undefined>();
  /** Files on disk that exist but are not UTF-8: why they have no text. */
  private readonly unreadable = new Map<string, InvalidUtf8Error>();
  private readonly parsed = new Map<string, ParsedDocument>();
  private readonly checked = new Map<string, CachedCheck>();
  /** The files whose check is under way: an import cycle back to one of them is not checked again. */
  private readonly checking = new Set<string>();
  private commandList: { key: string; signatures: readonly CommandSignature[] } | undefined;

  /** Takes a host (how files are read), or options with a host and a command registry. */
  constructor(hostOrOptions: WorkspaceHost | LanguageWorkspaceOptions = {}) {
    const options: LanguageWorkspaceOptions =
      "readFile" in hostOrOptions ? { host: hostOrOptions } : hostOrOptions;
    this.host = options.host ?? fileSystemHost;
    this.registry = options.registry;
    this.quickFixData = options.quickFixData !== false;
    this.incrementalCheck = options.incrementalCheck === true;
    this.offsetRanges = options.offsetRanges === true;
  }

  /** Sets the text of a document open in an editor: it overrides the file on disk until {@link close}. */
  setText(path: string, text: string): void {
    this.openTexts.set(resolve(path), text);
  }

  /** Closes an editor document: the file on disk counts again (read afresh). */
  close(path: string): void {
    const key = resolve(path);
    this.openTexts.delete(key);
    this.diskTexts.delete(key);
    this.unreadable.delete(key);
    // Its tree and check go too: a closed document must not keep memory (a
    // server sees many); it is parsed again from disk if something needs it.
    this.parsed.delete(key);
    this.checked.delete(key);
  }

  /** The file changed, appeared or disappeared on disk: read it again when next needed. */
  invalidate(path: string): void {
    this.diskTexts.delete(resolve(path));
    this.unreadable.delete(resolve(path));
  }

  /** Forgets every text read from disk (open documents stay). */
  invalidateAll(): void {
    this.diskTexts.clear();
    this.unreadable.clear();
  }

  /** The current text of a file: the open document's, else the disk's; undefined when there is none. */
  getText(path: string): string | undefined {
    return this.textOf(resolve(path));
  }

  /**
   * The files the last check of `path` read: the file and every file it
   * imports, transitively (those found missing too). Empty before a check.
   */
  filesRead(path: string): string[] {
    return [...(this.checked.get(resolve(path))?.texts.keys() ?? [])];
  }

  /** The parsed file, or undefined when it does not exist. Unchanged text is not parsed again. */
  parse(path: string): ParsedDocument | undefined {
    return this.parseAt(resolve(path));
  }

  /**
   * Checks a file: syntax and semantic diagnostics, sorted by position, and
   * its file-level scope. A file that does not exist, or is not UTF-8, checks
   * as empty, with one MF013 at its start that says which.
   */
  check(path: string): CheckResult {
    const key = resolve(path);
    const commands = this.commands();
    const cached = this.checked.get(key);
    if (cached && cached.commands === commands && this.unchanged(cached.texts))
      return cached.result;

    const texts = new Map<string, string | undefined>();
    const load = (file: string): ParsedDocument | undefined => {
      const document = this.parseAt(file);
      texts.set(file, document?.text);
      return document;
    };
    const document = load(key);
    // An imported file's errors come from its own check, cached as any; what they
    // depend on is in the import closure, whose texts `load` records for this one.
    const importedErrors = (file: string): Diagnostic[] =>
      this.checking.has(file)
        ? []
        : this.check(file).diagnostics.filter((d) => d.severity === "error");
    const environment: CheckEnvironment = {
      load,
      unreadable: (file) => this.unreadable.get(file)?.message ?? unreadableSourceReason(file),
      commands,
      quickFixData: this.quickFixData,
      importedErrors,
    };
    this.checking.add(key);
    let result: CheckResult;
    try {
      if (document && this.incrementalCheck) {
        // The last check of this file is reused where it provably holds.
        const previous = cached?.result.document;
        result = checkDocument(document, { ...environment, incremental: { previous } });
        if (VERIFY_INCREMENTAL_CHECK && previous)
          assertSameAsFullCheck(result, checkDocument(document, environment));
      } else if (document) result = checkDocument(document, environment);
      else result = missingFileResult(key, environment, this.unreadable.get(key));
    } finally {
      this.checking.delete(key);
    }
    this.checked.set(key, { result, texts, commands });
    return result;
  }

  private parseAt(path: string): ParsedDocument | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    const cached = this.parsed.get(path);
    if (cached?.text === text) return cached;
    // An edit inside one declaration re-parses only that declaration. The
    // cached tree is reused (and shifted): forget it first.
    this.parsed.delete(path);
    // An incremental re-parse shifts positions: offset ranges have none.
    const incremental = cached && !this.offsetRanges && reparseIncrementally(cached, text);
    if (incremental && VERIFY_INCREMENTAL_PARSE) assertSameAsFullParse(incremental);
    const document = incremental || fullParse(path, text, this.offsetRanges);
    this.parsed.set(path, document);
    return document;
  }

  private textOf(path: string): string | undefined {
    const open = this.openTexts.get(path);
    if (open !== undefined) return open;
    if (this.diskTexts.has(path)) return this.diskTexts.get(path);
    let text: string | undefined;
    try {
      text = this.host.readFile(path);
    } catch (error) {
      if (!(error instanceof InvalidUtf8Error)) throw error;
      this.unreadable.set(path, error);
    }
    this.diskTexts.set(path, text);
    return text;
  }

  private unchanged(texts: ReadonlyMap<string, string | undefined>): boolean {
    for (const [path, text] of texts) if (this.textOf(path) !== text) return false;
    return true;
  }

  /**
   * The registry's commands, as the same array while they stay the same, so
   * a cached check can tell in one comparison that they did not change.
   */
  private commands(): readonly CommandSignature[] {
    const signatures = (this.registry ?? getCommandRegistry()).list();
    const key = signatures
      .map(
        (s) =>
          `${s.name}:${s.reversible ? "r" : ""}${s.builtin ? "b" : ""}(${s.params
            .map((p) => `${p.name}:${p.type}${p.default === undefined ? "" : "?"}`)
            .join(",")})`,
      )
      .join(";");
    if (this.commandList?.key !== key) this.commandList = { key, signatures };
    return this.commandList.signatures;
  }
}

/**
 * Debug aid: with `MOMOFLOW_VERIFY_INCREMENTAL_PARSE=1`, every incremental
 * re-parse is compared with a full parse of the same text, and a difference
 * throws.
 */
const VERIFY_INCREMENTAL_PARSE = process.env.MOMOFLOW_VERIFY_INCREMENTAL_PARSE === "1";

/**
 * Debug aid: with `MOMOFLOW_VERIFY_INCREMENTAL_CHECK=1`, every check that
 * had a previous check to reuse is compared with a full check of the same
 * tree (which keeps nothing), and a difference throws.
 */
const VERIFY_INCREMENTAL_CHECK = process.env.MOMOFLOW_VERIFY_INCREMENTAL_CHECK === "1";

function assertSameAsFullCheck(result: CheckResult, full: CheckResult): void {
  const incremental = JSON.stringify(result.diagnostics);
  const expected = JSON.stringify(full.diagnostics);
  if (incremental !== expected)
    throw new Error(
      `incremental check of ${result.document.path} differs from a full check:\n${firstDifference(incremental, expected)}`,
    );
}

/** Where two texts first differ, with some context, for the message of a failed verification. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const from = Math.max(0, i - 200);
  return `incremental: …${a.slice(from, i + 200)}\nfull:        …${b.slice(from, i + 200)}`;
}

function fullParse(path: string, text: string, offsetRanges = false): ParsedDocument {
  const { file, diagnostics } = parseDocument(text, path, { offsetRanges });
  return { path, text, file, syntaxDiagnostics: diagnostics };
}

function assertSameAsFullParse(document: ParsedDocument): void {
  const incremental = JSON.stringify(document);
  const full = JSON.stringify(fullParse(document.path, document.text));
  if (incremental !== full)
    throw new Error(`incremental re-parse of ${document.path} differs from a full parse`);
}

/** The result for a file that does not exist or is not UTF-8: an empty document and an MF013 at its start. */
function missingFileResult(
  path: string,
  environment: CheckEnvironment,
  unreadable: InvalidUtf8Error | undefined,
): CheckResult {
  const { file } = parseDocument("", path);
  const document: ParsedDocument = { path, text: "", file, syntaxDiagnostics: [] };
  const result = checkDocument(document, environment);
  const start = { line: 0, character: 0 };
  const notFound: Diagnostic = {
    code: "MF013",
    severity: "error",
    message: unreadable ? `${unreadable.message}; not checked` : missingSourceReason(path),
    path,
    range: { start, end: start },
  };
  return { ...result, diagnostics: [notFound, ...result.diagnostics] };
}

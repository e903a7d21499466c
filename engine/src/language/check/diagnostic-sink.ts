import type { Range } from "../ast";
import { OffsetRange, plainRange } from "../offset-range";
import type {
  Diagnostic,
  DiagnosticCode,
  DiagnosticData,
  RelatedInformation,
  Severity,
} from "../diagnostic";

/** The severity of each code (language.md §7): a code never changes severity. */
export const SEVERITY_OF: Readonly<Record<DiagnosticCode, Severity>> = {
  MF001: "error",
  MF002: "error",
  MF003: "error",
  MF004: "error",
  MF005: "error",
  MF006: "error",
  MF007: "error",
  MF008: "error",
  MF009: "error",
  MF010: "warning",
  MF011: "warning",
  MF012: "hint",
  MF013: "error",
  MF014: "error",
  MF015: "error",
  MF016: "warning",
  MF017: "error",
  MF018: "error",
  MF019: "error",
  MF020: "error",
  MF021: "error",
  MF022: "warning",
  MF023: "error",
  MF024: "warning",
  MF030: "error",
  MF031: "error",
  MF032: "warning",
  MF040: "error",
  MF041: "error",
  MF042: "error",
  MF043: "error",
};

/** What a diagnostic may carry besides code, range and message. */
export interface DiagnosticExtras {
  related?: RelatedInformation[];
  data?: DiagnosticData;
  tags?: "unnecessary"[];
}

/** Collects the diagnostics of one file; the severity follows from the code. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  /**
   * False: the diagnostics carry no `data` (see CheckEnvironment), and the
   * rules need not make any.
   */
  readonly quickFixData: boolean;
  /**
   * True when a command of the file has a broken header as it is edited
   * (its line gone, or its name: see command-check.ts `headerBroken`): a
   * call of a command the file does not know may be that one, so it is not
   * reported (MF005); the header's own error says what is wrong, once.
   */
  readonly headerBrokenCommand: boolean;

  constructor(
    readonly path: string,
    options: { quickFixData?: boolean; headerBrokenCommand?: boolean } = {},
  ) {
    this.quickFixData = options.quickFixData !== false;
    this.headerBrokenCommand = options.headerBrokenCommand === true;
  }

  report(code: DiagnosticCode, range: Range, message: string, extras: DiagnosticExtras = {}): void {
    const diagnostic: Diagnostic = {
      code,
      severity: SEVERITY_OF[code],
      message,
      path: this.path,
      range: ownRange(range),
    };
    if (extras.related?.length) diagnostic.related = ownRelated(extras.related);
    if (extras.tags?.length) diagnostic.tags = extras.tags;
    if (extras.data && this.quickFixData && hasKeys(extras.data))
      diagnostic.data = ownData(extras.data);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * A range of the diagnostic's own, sharing no object with the tree: an
 * incremental re-parse moves the tree's positions in place, and must move
 * neither a diagnostic a check handed out nor one it keeps for the next
 * check (which moves its own copies, workflow-check-memo.ts). An offset
 * range's positions are worked out once (diagnostics are sorted by them).
 */
function ownRange(range: Range): Range {
  if (range instanceof OffsetRange) return plainRange(range);
  const { start, end } = range;
  return {
    start: { line: start.line, character: start.character },
    end: { line: end.line, character: end.character },
  };
}

/** `related`, each with a range of its own (see {@link ownRange}). */
function ownRelated(related: RelatedInformation[]): RelatedInformation[] {
  return related.map((r) => ({ ...r, range: ownRange(r.range) }));
}

/**
 * `data` with ranges of its own (see {@link ownRange}), replaced in place:
 * each diagnostic's data is an object made for it where the problem was
 * found, and a copy by spreading would read its lazy `suggestions`
 * (did-you-mean.ts), running for every unknown name the search that waits
 * for an editor to ask.
 */
function ownData(data: DiagnosticData): DiagnosticData {
  if (data.replaceRange) data.replaceRange = ownRange(data.replaceRange);
  if (data.unusedDeclaration) data.unusedDeclaration = ownRange(data.unusedDeclaration);
  if (data.cookedEscapes)
    data.cookedEscapes = data.cookedEscapes.map((e) => ({ ...e, range: ownRange(e.range) }));
  return data;
}

/** True when `data` holds anything: no array of its keys is made (a check reports thousands). */
function hasKeys(data: DiagnosticData): boolean {
  for (const key in data) if (Object.hasOwn(data, key)) return true;
  return false;
}

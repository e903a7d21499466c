/**
 * What the client knows about a `.momoflow` document, as the language server's
 * outline (`textDocument/documentSymbol`) describes it. The client never parses
 * `.momoflow` text: `client/src/run/workflow-outline.ts` builds this model from
 * the document symbols, and everything else reads the model. Lines and
 * characters are 0-based, as in the editor.
 */

/** A position in the document. */
export interface OutlinePosition {
  line: number;
  character: number;
}

/** A range in the document. */
export interface OutlineRange {
  start: OutlinePosition;
  end: OutlinePosition;
}

/** A `param` of a workflow. */
export interface ParamOutline {
  name: string;
  /** The declared type (`int`, `duration`, ...); undefined when not written yet. */
  type: string | undefined;
  /** Declared with a default: a run need not ask for it. */
  hasDefault: boolean;
  /** The whole declaration. */
  range: OutlineRange;
}

/** A `step` of a workflow. */
export interface StepOutline {
  name: string;
  /** The step's name (the line inline metrics go on). */
  nameRange: OutlineRange;
  /** The whole declaration. */
  range: OutlineRange;
}

/** A `workflow` declaration. */
export interface WorkflowOutline {
  name: string;
  nameRange: OutlineRange;
  range: OutlineRange;
  params: ParamOutline[];
  steps: StepOutline[];
}

/** A `test` block. */
export interface TestOutline {
  /** The test's name (the string's text, without quotes). */
  name: string;
  /** The workflow it tests (the symbol's detail), when written. */
  workflow: string | undefined;
  nameRange: OutlineRange;
  range: OutlineRange;
}

/** The workflows and tests of one document, in source order. */
export interface DocumentOutline {
  workflows: WorkflowOutline[];
  tests: TestOutline[];
}

/** The outline of a document the server could not describe (not parsed yet, or no server). */
export const EMPTY_OUTLINE: DocumentOutline = { workflows: [], tests: [] };

/** The workflow whose declaration contains `line`, if any. */
export function workflowAtLine(
  outline: DocumentOutline,
  line: number,
): WorkflowOutline | undefined {
  return outline.workflows.find((w) => w.range.start.line <= line && line <= w.range.end.line);
}

/**
 * A symbol as `vscode.executeDocumentSymbolProvider` returns it, taken by
 * shape (no `vscode` import): a `DocumentSymbol` with range, selection range
 * and children, or a flat `SymbolInformation` with a location.
 */
export interface OutlineSymbol {
  readonly name: string;
  readonly kind: number;
  readonly detail?: string;
  readonly range?: OutlineRange;
  readonly selectionRange?: OutlineRange;
  readonly location?: { readonly range: OutlineRange };
  readonly children?: readonly OutlineSymbol[];
}

/**
 * The symbol kinds the server gives each declaration (server/src/analysis/symbol-kinds.ts),
 * as numbers of `vscode.SymbolKind`.
 */
export interface OutlineKinds {
  workflow: number;
  param: number;
  step: number;
  test: number;
}

/**
 * The outline of a document from its document symbols: workflows (with their
 * params and steps, from the symbol's children) and tests, in source order.
 * Symbols without a range are ignored.
 */
export function outlineFromSymbols(
  symbols: readonly OutlineSymbol[] | null | undefined,
  kinds: OutlineKinds,
): DocumentOutline {
  const outline: DocumentOutline = { workflows: [], tests: [] };
  for (const symbol of symbols ?? []) {
    const range = symbol.range ?? symbol.location?.range;
    if (!range || !symbol.name) continue;
    const nameRange = symbol.selectionRange ?? range;
    if (symbol.kind === kinds.workflow) {
      const workflow: WorkflowOutline = {
        name: symbol.name,
        nameRange,
        range,
        params: [],
        steps: [],
      };
      for (const child of symbol.children ?? []) {
        const childRange = child.range ?? child.location?.range;
        if (!childRange || !child.name) continue;
        if (child.kind === kinds.param)
          workflow.params.push({
            name: child.name,
            ...paramDetail(child.detail),
            range: childRange,
          });
        else if (child.kind === kinds.step)
          workflow.steps.push({
            name: child.name,
            nameRange: child.selectionRange ?? childRange,
            range: childRange,
          });
      }
      outline.workflows.push(workflow);
    } else if (symbol.kind === kinds.test) {
      outline.tests.push({
        name: symbol.name,
        workflow: symbol.detail || undefined,
        nameRange,
        range,
      });
    }
  }
  return outline;
}

/** A param symbol's detail is `type`, or `type = default` (the server's outline: document-symbols.ts). */
function paramDetail(detail: string | undefined): {
  type: string | undefined;
  hasDefault: boolean;
} {
  const at = detail?.indexOf(" = ") ?? -1;
  if (!detail || at < 0) return { type: detail || undefined, hasDefault: false };
  return { type: detail.slice(0, at), hasDefault: true };
}

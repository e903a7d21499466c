/**
 * What the client knows about a `.momoflow` document: the outline the
 * language server answers to `momoflow/documentOutline` (declared, with every
 * type, in server/src/protocol.ts). The client never parses `.momoflow` text.
 * No `vscode` import here: the language client is taken by shape, so this is
 * unit-tested with plain objects. Lines and characters are 0-based.
 */
import {
  DocumentOutlineRequest,
  type DocumentOutline,
  type DocumentOutlineParams,
  type Range,
  type WorkflowOutline,
} from "../../../server/src/protocol";

export type {
  DocumentOutline,
  LiteralValue,
  ParamDefault,
  ParamOutline,
  StepOutline,
  TestOutline,
  WorkflowOutline,
} from "../../../server/src/protocol";

/** A range in the document. */
export type OutlineRange = Range;

/** The outline of a document the server could not describe (not parsed yet, or no server). */
export const EMPTY_OUTLINE: DocumentOutline = { workflows: [], tests: [] };

/** A cancellation token, by shape (VS Code's and vscode-jsonrpc's both fit). */
export interface OutlineCancellation {
  readonly isCancellationRequested: boolean;
}

/** The language client, by shape: what sending the outline request takes. */
export interface OutlineClient {
  sendRequest(
    type: typeof DocumentOutlineRequest,
    params: DocumentOutlineParams,
    token?: OutlineCancellation,
  ): Promise<DocumentOutline | null>;
}

/**
 * Asks the language server for the outline of the document at `uri` (a URI
 * string, as LSP takes it; the file need not be open). A document the server
 * cannot read has the empty outline.
 */
export async function requestOutline(
  client: OutlineClient,
  uri: string,
  token?: OutlineCancellation,
): Promise<DocumentOutline> {
  const params: DocumentOutlineParams = { textDocument: { uri } };
  const outline = await client.sendRequest(DocumentOutlineRequest, params, token);
  return outline ?? EMPTY_OUTLINE;
}

/** The workflow whose declaration contains `line`, if any. */
export function workflowAtLine(
  outline: DocumentOutline,
  line: number,
): WorkflowOutline | undefined {
  return outline.workflows.find((w) => w.range.start.line <= line && line <= w.range.end.line);
}

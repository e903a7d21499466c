import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node";
import type { Diagnostic, Severity, CheckResult } from "@momoflow/language";
import type { LanguageSession } from "../session/language-session";
import { pathToUri } from "../session/workspace-files";
import type { WorkspaceWorkflowUses } from "../analysis/workflow-uses";
import { KeptWorkflowUses } from "../analysis/kept-workflow-uses";
import { withWorkspaceUses } from "./called-only-bound";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP form of a checker diagnostic: code, related places, the unnecessary tag, quick-fix data. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out = toPublishedDiagnostic(d);
  if (d.data) out.data = d.data;
  return out;
}

/**
 * {@link toLspDiagnostic} without the quick-fix data: what is published.
 * The quick fixes are found from the server's own check (code-actions.ts),
 * never from data a client sends back, and the data of thousands of
 * diagnostics is a third of what each keystroke's publish would write and
 * the client read (and makes every "did you mean" list be searched).
 */
export function toPublishedDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "momoflow",
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: pathToUri(r.path), range: r.range },
      message: r.message,
    }));
  }
  if (d.tags?.includes("unnecessary")) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/**
 * Publishes diagnostics of open documents. Changes are coalesced: a burst of
 * edits (all messages already read) leads to one check, on the next turn of
 * the event loop, plus `delayMs`. A result is published only for the version
 * it was computed from, and only when it differs from what was last published
 * or the document has a new version (the workspace's cache makes re-checking
 * an unaffected document free, so every open document is re-checked after
 * any change: dependents of an edited import update too; a step's own MF022
 * follows the workspace's calls of its workflow, called-only-bound.ts). An edit that leaves
 * the text as it was is not parsed again (the cache hands back the same
 * result) but still published: editors wait for a publish of each version.
 */
export class DiagnosticsPublisher {
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** What was last published per URI: the result, and the version it was published for. */
  private readonly published = new Map<
    string,
    { result: CheckResult; version: number; signature: string }
  >();
  /** The workspace's calls and test runs, the closed files' checks kept between publishes. */
  private readonly uses: KeptWorkflowUses;

  constructor(
    private readonly session: LanguageSession,
    private readonly delayMs = 0,
  ) {
    this.uses = new KeptWorkflowUses(session);
    session.onDidChange(() => this.schedule());
    session.documents.onDidClose(({ document }) => {
      this.published.delete(document.uri);
      void session.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
  }

  /** Publishes everything again on the next round (settings changed). */
  republish(): void {
    this.published.clear();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const run = (): void => {
      this.timer = undefined;
      void this.publishAll();
    };
    this.timer = this.delayMs > 0 ? setTimeout(run, this.delayMs) : setImmediate(run);
  }

  private async publishAll(): Promise<void> {
    // The workspace's calls and test runs, found once a document's diagnostics need them.
    let uses: WorkspaceWorkflowUses | undefined;
    const workspaceUses = (): WorkspaceWorkflowUses => (uses ??= this.uses.current());
    for (const document of this.session.documents.all()) {
      // Its folder's: a folder of the workspace may set its own.
      const { maxNumberOfProblems } = await this.session.settings.get(document.uri);
      const version = document.version;
      let result: CheckResult;
      try {
        result = this.session.check(document.uri);
      } catch (error) {
        this.session.connection.console.error(
          `momoflow: checking ${document.uri} failed: ${(error as Error).stack ?? String(error)}`,
        );
        continue;
      }
      // Stale: the document changed while we were busy; the next round publishes.
      if (this.session.document(document.uri)?.version !== version) continue;
      const { diagnostics, signature } = withWorkspaceUses(result, workspaceUses);
      const last = this.published.get(document.uri);
      if (last?.result === result && last.version === version && last.signature === signature)
        continue;
      this.published.set(document.uri, { result, version, signature });
      void this.session.connection.sendDiagnostics({
        uri: document.uri,
        version,
        diagnostics: diagnostics.slice(0, maxNumberOfProblems).map(toPublishedDiagnostic),
      });
    }
  }
}

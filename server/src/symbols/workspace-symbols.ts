import type { ServerCapabilities, SymbolInformation, SymbolKind } from "vscode-languageserver/node";
import type { Name, Range } from "@momoflow/language";
import { DECLARATION_KINDS } from "./document-symbols";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import { uriToPath } from "../session/workspace-files";

/** At most this many answers: a client asks again as the user types. */
const LIMIT = 500;

/**
 * `workspace/symbol`: the workflows, steps (in their workflow), commands and
 * tests of every known `.momoflow` file whose name matches the query,
 * case-insensitively: exact names first, then prefixes, substrings, and
 * names holding the query's characters in order (`pbs` finds
 * `publish_site`). An empty query matches everything.
 */
export function registerWorkspaceSymbols({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onWorkspaceSymbol(
    guarded(connection, "workspaceSymbol", (params): SymbolInformation[] => {
      const query = params.query.toLowerCase();
      const found: { info: SymbolInformation; score: number }[] = [];
      const add = (
        uri: string,
        name: Name | undefined,
        range: Range | undefined,
        kind: SymbolKind,
        containerName?: string,
      ): void => {
        if (!name?.text || !range) return;
        const score = matchScore(name.text, query);
        if (score === undefined) return;
        const info: SymbolInformation = { name: name.text, kind, location: { uri, range } };
        if (containerName) info.containerName = containerName;
        found.push({ info, score });
      };
      for (const uri of session.knownUris()) {
        const file = session.workspace.parse(uriToPath(uri))?.file;
        if (!file) continue;
        for (const workflow of file.workflows ?? []) {
          add(uri, workflow?.name, workflow?.range, DECLARATION_KINDS.workflow);
          for (const step of workflow?.steps ?? [])
            add(uri, step?.name, step?.range, DECLARATION_KINDS.step, workflow.name?.text);
        }
        for (const command of file.commands ?? [])
          add(uri, command?.name, command?.range, DECLARATION_KINDS.command);
        for (const test of file.tests ?? [])
          add(uri, test?.name, test?.range, DECLARATION_KINDS.test);
      }
      return found
        .sort(
          (a, b) =>
            a.score - b.score ||
            compareText(a.info.name, b.info.name) ||
            compareText(a.info.location.uri, b.info.location.uri) ||
            a.info.location.range.start.line - b.info.location.range.start.line,
        )
        .slice(0, LIMIT)
        .map((f) => f.info);
    }),
  );
  return { workspaceSymbolProvider: true };
}

/**
 * How well `name` matches a lower-case `query`: 0 the same name, 1 a prefix,
 * 2 a substring, 3 the query's characters in order; undefined: no match.
 */
export function matchScore(name: string, query: string): number | undefined {
  if (query === "") return 2;
  const lower = name.toLowerCase();
  if (lower === query) return 0;
  if (lower.startsWith(query)) return 1;
  if (lower.includes(query)) return 2;
  let at = 0;
  for (const character of lower) {
    if (character === query[at]) at++;
    if (at === query.length) return 3;
  }
  return undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

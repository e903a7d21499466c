import {
  LSPErrorCodes,
  ResponseError,
  type Range,
  type ServerCapabilities,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { checkKnownFiles, UriMapper } from "../analysis/checked-files";
import { homePath, locateSymbol, type SymbolOccurrence } from "../analysis/locate";
import { newNameProblem, refusalWithoutSymbol, renameRefusal } from "./rename-rules";
import { findOccurrences } from "../analysis/symbol-occurrences";
import type { CheckResult } from "@momoflow/language";
import type { FeatureContext } from "../feature-context";
import { guarded } from "../session/guard";
import type { LanguageSession } from "../session/language-session";

/**
 * `textDocument/prepareRename` and `textDocument/rename`. Steps, workflows,
 * declared commands, params, vars and command parameters can be renamed:
 * every occurrence in every known file changes (an imported command's calls
 * live in the importing files; a step's id also in tests' `fail` and
 * `expect step`). Keywords, property names, built-ins, statuses and types
 * are refused with a message saying why; a new name that is not an
 * identifier, or that its scope already has, is refused too.
 */
export function registerRename({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onPrepareRename(
    guarded(
      connection,
      "prepareRename",
      (params): { range: Range; placeholder: string } | ResponseError<void> | null => {
        const check = session.check(params.textDocument.uri);
        const target = renameTarget(check, params.position);
        if (target instanceof ResponseError || target === null) return target;
        return {
          range: target.range,
          placeholder: "name" in target.symbol ? target.symbol.name : "",
        };
      },
    ),
  );
  connection.onRenameRequest(
    guarded(connection, "rename", (params): WorkspaceEdit | ResponseError<void> | null => {
      const check = session.check(params.textDocument.uri);
      const target = renameTarget(check, params.position);
      if (target instanceof ResponseError || target === null) return target;
      return renameEdit(session, check, target, params.newName);
    }),
  );
  return { renameProvider: { prepareProvider: true } };
}

/** The renameable occurrence at `position`, or why there is none (null: not on a word). */
function renameTarget(
  check: CheckResult,
  position: { line: number; character: number },
): SymbolOccurrence | ResponseError<void> | null {
  const hit = locateSymbol(check, position);
  if (!hit) {
    const why = refusalWithoutSymbol(check.document.text, position);
    return why === undefined ? null : refused(why);
  }
  const why = renameRefusal(hit.symbol);
  return why === undefined ? hit : refused(why);
}

function renameEdit(
  session: LanguageSession,
  check: CheckResult,
  target: SymbolOccurrence,
  newName: string,
): WorkspaceEdit | ResponseError<void> {
  const checks = checkKnownFiles(session, [check.document.path, homePath(target.symbol)]);
  const problem = newNameProblem(target.symbol, newName, checks);
  if (problem !== undefined) return refused(problem);
  const uris = new UriMapper(session);
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of findOccurrences(target.symbol, checks)) {
    const uri = uris.uriOf(occurrence.path);
    (changes[uri] ??= []).push({ range: occurrence.range, newText: newName });
  }
  return { changes };
}

function refused(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

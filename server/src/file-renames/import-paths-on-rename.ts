/**
 * A `.momoflow` file (or a folder of them) renamed or moved in the editor
 * takes its imports along: before the move (`workspace/willRenameFiles`),
 * every import that names a moved file is rewritten from its importer's
 * folder, and a moved file's own imports are rewritten from its new folder.
 * The edit is made on the files as they are before the move (their old
 * URIs), as the protocol wants; the editor applies it, then moves them.
 *
 * A `.momoflow` file renamed to another extension (`lib.txt`) leaves the
 * language: nothing is rewritten for it, neither the imports that name it
 * nor its own, as TypeScript's extension updates no import for a `.ts`
 * renamed to `.txt` (it updates them only when the new name is a file it
 * handles). An import rewritten to `lib.txt` could only fail (MF013: an
 * import names a `.momoflow` file); one left as written still says which
 * file it wanted, and works again if the rename is undone.
 */
import { dirname, relative, sep } from "node:path";
import type {
  FileRename,
  RenameFilesParams,
  ServerCapabilities,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver/node";
import { importPathProblem, resolveImport } from "@momoflow/language";
import { type FeatureContext, guarded } from "../feature";
import { type LanguageSession, UriMapper, knownFileUris } from "../session/language-session";
import { uriToPath } from "../session/workspace-files";
import type { RequestWork } from "../request-work";

/** The extension of the files this language reads. */
const MOMOFLOW = ".momoflow";

/** `workspace/willRenameFiles` for `.momoflow` files and folders: the imports' new paths. */
export function registerImportPathsOnRename({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  const handler = guarded(connection, "willRenameFiles", (params: RenameFilesParams, work) =>
    importEdits(session, params.files, work),
  );
  // Typed without errors by vscode-languageserver (`ResponseError<never>`), though
  // the connection sends a ResponseError as it does for every other request.
  connection.workspace.onWillRenameFiles(
    (params, token) => handler(params, token) as Promise<WorkspaceEdit | null>,
  );
  return {
    workspace: {
      fileOperations: {
        willRename: {
          filters: [
            { pattern: { glob: "**/*.momoflow", matches: "file" } },
            // A folder may hold .momoflow files: each moves with it.
            { pattern: { glob: "**", matches: "folder" } },
          ],
        },
      },
    },
  };
}

/** The edits that keep every import right after `renames`; null when none changes. */
async function importEdits(
  session: LanguageSession,
  renames: readonly FileRename[],
  work: RequestWork,
): Promise<WorkspaceEdit | null> {
  const moved = movedPaths(renames);
  const newPathOf = (path: string): string => moved(path) ?? path;
  const known = knownFileUris(session).map(uriToPath);
  // Any folder renamed in the workspace asks (the registration cannot say
  // "folders holding .momoflow files"): one that holds no known file, and no
  // file named .momoflow, moves no import's end, and nothing is read.
  const anyFile = renames.some((r) => r.oldUri.endsWith(".momoflow"));
  if (!anyFile && !known.some((path) => moved(path) !== undefined)) return null;
  const changes: Record<string, TextEdit[]> = {};
  const uris = new UriMapper(session);
  for (const importer of known) {
    await work.pause();
    // The parse is enough (imports are syntax): no file is checked for a rename.
    const file = session.workspace.parse(importer)?.file;
    if (!file) continue;
    const importerDir = dirname(newPathOf(importer));
    const edits: TextEdit[] = [];
    for (const decl of file.imports ?? []) {
      if (!decl?.pathRange || typeof decl.path !== "string" || decl.path === "") continue;
      if (importPathProblem(decl.path) !== undefined) continue;
      const target = resolveImport(importer, decl.path);
      if (moved(importer) === undefined && moved(target) === undefined) continue;
      const written = importPathFrom(importerDir, newPathOf(target), decl.path);
      if (written === decl.path) continue;
      const { start, end } = decl.pathRange;
      edits.push({
        // Inside the quotes.
        range: {
          start: { line: start.line, character: start.character + 1 },
          end: { line: end.line, character: end.character - 1 },
        },
        newText: written,
      });
    }
    if (edits.length > 0) changes[uris.uriOf(importer)] = edits;
  }
  return Object.keys(changes).length > 0 ? { changes } : null;
}

/**
 * Where a path goes: the new path of a renamed file, or of a file inside a
 * renamed folder; undefined for a path that does not move, and for a
 * `.momoflow` file renamed to another extension (see the file's comment).
 */
function movedPaths(renames: readonly FileRename[]): (path: string) => string | undefined {
  const pairs = renames
    .filter((r) => !leavesTheLanguage(r))
    .map((r) => ({ from: uriToPath(r.oldUri), to: uriToPath(r.newUri) }));
  return (path) => {
    for (const { from, to } of pairs) {
      if (path === from) return to;
      if (path.startsWith(from + sep)) return to + path.slice(from.length);
    }
    return undefined;
  };
}

/** A `.momoflow` file renamed to a name that is no `.momoflow` file's. */
function leavesTheLanguage(rename: FileRename): boolean {
  return rename.oldUri.endsWith(MOMOFLOW) && !rename.newUri.endsWith(MOMOFLOW);
}

/**
 * The import path of `target` from a file in `fromDir`, with `/` between
 * folders, written as `before` was: a file in or under the folder gets `./`
 * unless `before` was written bare (`lib.momoflow`).
 */
function importPathFrom(fromDir: string, target: string, before: string): string {
  const path = relative(fromDir, target).split(sep).join("/");
  if (path.startsWith("../")) return path;
  return before.startsWith(".") ? `./${path}` : path;
}

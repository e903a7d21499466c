/**
 * Document links: each `import "…"` path opens its file (Ctrl+click in
 * VS Code). A path that names no file gives no link — MF013 already says
 * what is wrong with it — and neither does a path that is not a relative
 * `.momoflow` path, which momoflow never reads.
 */
import type { DocumentLink, ServerCapabilities } from "vscode-languageserver/node";
import { importPathProblem, resolveImport } from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { UriMapper } from "../session/language-session";
import { uriToPath } from "../session/workspace-files";

/** `textDocument/documentLink`: the imports' paths, each linked to the file it names. */
export function registerDocumentLinks({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onDocumentLinks(
    guarded(
      connection,
      "documentLink",
      (params): DocumentLink[] => {
        const { file } = session.check(params.textDocument.uri).document;
        const importer = uriToPath(params.textDocument.uri);
        const uris = new UriMapper(session);
        const links: DocumentLink[] = [];
        for (const decl of file.imports ?? []) {
          if (!decl?.pathRange || typeof decl.path !== "string" || decl.path === "") continue;
          if (importPathProblem(decl.path) !== undefined) continue;
          const target = resolveImport(importer, decl.path);
          // An open document counts though it was never saved, as the checker reads it.
          if (session.workspace.getText(target) === undefined) continue;
          const { start, end } = decl.pathRange;
          links.push({
            // Inside the quotes: the path as written.
            range: {
              start: { line: start.line, character: start.character + 1 },
              end: { line: end.line, character: end.character - 1 },
            },
            target: uris.uriOf(target),
            tooltip: `Open ${target}`,
          });
        }
        return links;
      },
      documentVersion(session),
    ),
  );
  return { documentLinkProvider: { resolveProvider: false } };
}

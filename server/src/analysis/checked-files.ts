import type { CheckResult } from "@momoflow/language";
import type { LanguageSession } from "../session/language-session";
import { pathToUri, uriToPath } from "../session/uri";

/**
 * Every known `.momoflow` file of the session, checked (cached by the
 * workspace: cheap when nothing changed), plus the files of `extraPaths`
 * (the file that declares a symbol may be imported from outside the
 * workspace folders). One result per path.
 */
export function checkKnownFiles(
  session: LanguageSession,
  extraPaths: readonly (string | undefined)[] = [],
): CheckResult[] {
  const byPath = new Map<string, string>();
  for (const uri of session.knownUris()) {
    const path = uriToPath(uri);
    if (!byPath.has(path)) byPath.set(path, uri);
  }
  for (const path of extraPaths) {
    if (path !== undefined && !byPath.has(path)) byPath.set(path, pathToUri(path));
  }
  const results: CheckResult[] = [];
  for (const uri of byPath.values()) results.push(session.check(uri));
  return results;
}

/**
 * Maps file paths back to URIs: the URI the editor uses for an open document
 * (which may be encoded differently from {@link pathToUri}'s), else the
 * `file:` URI of the path.
 */
export class UriMapper {
  private readonly open = new Map<string, string>();

  constructor(session: LanguageSession) {
    for (const document of session.documents.all())
      this.open.set(uriToPath(document.uri), document.uri);
  }

  uriOf(path: string): string {
    return this.open.get(path) ?? pathToUri(path);
  }
}

/**
 * What a feature is given and how its handlers are registered: every feature
 * gets the connection and the session, and wraps each handler so that
 * nothing it throws can take the server down.
 */
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
} from "vscode-languageserver/node";
import type { LanguageSession } from "./session/language-session";
import { isShutDown } from "./lifecycle";
import { ContentModified, RequestCancelled, RequestWork } from "./request-work";

/**
 * What every feature gets: the connection to register its handlers on, the
 * session to read from, and what the client said it can take in `initialize`.
 */
export interface FeatureContext {
  connection: Connection;
  session: LanguageSession;
  client: ClientCapabilities;
}

/**
 * Wraps a request handler so that nothing it throws can take the server down:
 * the error is logged to the client and answered with an LSP error. After
 * `shutdown`, requests are refused (InvalidRequest), as the protocol wants.
 * A request the client cancelled (`$/cancelRequest`) before its turn came is
 * answered RequestCancelled without being worked on: an editor that cancels
 * as the user types on would otherwise wait for every stale answer in turn.
 * A long handler pauses at safe points of its {@link RequestWork}: one
 * cancelled while it runs is answered RequestCancelled too, and one whose
 * document (`versionOf` its params) changed meanwhile ContentModified.
 */
export function guarded<P, R>(
  connection: Connection,
  name: string,
  handler: (params: P, work: RequestWork) => R | Promise<R>,
  versionOf?: (params: NoInfer<P>) => number | undefined,
): (params: P, token?: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params: P, token?: CancellationToken) => {
    if (isShutDown())
      return new ResponseError(ErrorCodes.InvalidRequest, `${name}: the server is shutting down`);
    if (token?.isCancellationRequested)
      return new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: cancelled`);
    try {
      const work = new RequestWork(
        token,
        versionOf && (() => versionOf(params)),
        (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri as
          string | undefined,
      );
      const result = await handler(params, work);
      work.throwIfStale();
      return result;
    } catch (error) {
      if (error instanceof RequestCancelled)
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${name}: cancelled`);
      if (error instanceof ContentModified)
        return new ResponseError(LSPErrorCodes.ContentModified, `${name}: ${error.message}`);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`momoflow: ${name} failed: ${message}`);
      return new ResponseError(
        ErrorCodes.InternalError,
        `${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/**
 * The `versionOf` of {@link guarded} for a request about one document: its
 * version while the editor has it open (a closed file is read from disk).
 */
export function documentVersion(
  session: LanguageSession,
): (params: { textDocument: { uri: string } }) => number | undefined {
  return (params) => session.document(params.textDocument.uri)?.version;
}

/** Wraps a notification handler: errors are logged, never thrown. */
export function guardedNotification<P>(
  connection: Connection,
  name: string,
  handler: (params: P) => void | Promise<void>,
): (params: P) => void {
  return (params: P) => {
    void (async () => {
      try {
        await handler(params);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        connection.console.error(`momoflow: ${name} failed: ${message}`);
      }
    })();
  };
}

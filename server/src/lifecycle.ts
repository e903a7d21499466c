/**
 * Where the server is in its life. Before `initialize` the protocol wants
 * every request answered with ServerNotInitialized (-32002). `initialize`
 * "may only be sent once": a second one is refused with InvalidRequest (the
 * specification names no code for it). After `shutdown` every request but
 * `exit` is refused with InvalidRequest: a client that still asks then has
 * a bug, and an answer would hide it. Requests after shutdown are refused in
 * {@link guarded}, which every feature's handler goes through; those before
 * and a second `initialize` by {@link guardInitialize}.
 */
import {
  ErrorCodes,
  InitializeRequest,
  ResponseError,
  type Connection,
} from "vscode-languageserver/node";

let initialized = false;
let shutDown = false;

/** `shutdown` was received. */
export function markShutDown(): void {
  shutDown = true;
}

/** Whether `shutdown` was received. */
export function isShutDown(): boolean {
  return shutDown;
}

/**
 * Answers requests that no feature handles: until `initialize` none has a
 * handler (the features register theirs in it), and they get
 * ServerNotInitialized; after it, MethodNotFound, as without this.
 */
export function refuseBeforeInitialize(connection: Connection): void {
  connection.onRequest((method) =>
    initialized
      ? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`)
      : new ResponseError(
          ErrorCodes.ServerNotInitialized,
          `${method}: the server is not initialized yet`,
        ),
  );
}

/**
 * Called while the first `initialize` is answered. From then on a second
 * `initialize` is refused before the library sees it: it would start
 * watching another parent process and take other client capabilities, and
 * the features would register again over a new, empty session.
 */
export function markInitialized(connection: Connection): void {
  initialized = true;
  connection.onRequest(
    InitializeRequest.method,
    () =>
      new ResponseError(
        ErrorCodes.InvalidRequest,
        "initialize: the server is already initialized (initialize may only be sent once)",
      ),
  );
}

/**
 * Where the server is in its life. After `shutdown` the protocol wants every
 * request but `exit` refused with InvalidRequest: a client that still asks
 * then has a bug, and an answer would hide it. Requests are refused in
 * {@link guarded}, which every feature's handler goes through.
 */
let shutDown = false;

/** `shutdown` was received. */
export function markShutDown(): void {
  shutDown = true;
}

/** Whether `shutdown` was received. */
export function isShutDown(): boolean {
  return shutDown;
}

/** The webview's side of the channel to the extension (VS Code injects `acquireVsCodeApi`). */
import type { PageToHostMessage } from "../src/webview/protocol";

/** What `acquireVsCodeApi()` returns, typed with the protocol. */
export interface VsCodeApi {
  postMessage(message: PageToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The API; it may be acquired only once per page, so it is kept. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { ClientCapabilities } from "vscode-languageserver-protocol";
import { LspStdioClient } from "@momoflow/bench";

export { uriOf } from "@momoflow/bench";

/** The bundled server: the same bytes that ship. `npm test` builds first. */
export const SERVER = resolve(__dirname, "../../../dist/server.js");

/**
 * The engine's one LSP client (`@momoflow/bench`), started on the bundled
 * server: what an editor does, with helpers to wait for diagnostics.
 * `close()` ends the server by its own process id.
 */
export class LspTestClient extends LspStdioClient {
  /**
   * @param env variables added to the server's environment (test hooks).
   * @param capabilities told in `initialize` beyond the usual ones.
   */
  constructor(env?: Readonly<Record<string, string>>, capabilities?: ClientCapabilities) {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`);
    super(SERVER, { ...(env ? { env } : {}), ...(capabilities ? { capabilities } : {}) });
  }
}

import type { Connection } from "vscode-languageserver/node";
import type { LanguageSession } from "./session/language-session";

/** What every feature gets: the connection to register its handlers on, and the session to read from. */
export interface FeatureContext {
  connection: Connection;
  session: LanguageSession;
}

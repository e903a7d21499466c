import { LspTestClient, uriOf } from "./lsp-client";

/**
 * A language server started as an editor that does not watch files starts
 * it (Neovim before 0.9, Helix): `dir` its one workspace folder, no
 * `workspace/didChangeWatchedFiles`, no dynamic registration.
 *
 * @param env variables added to the server's environment (test hooks).
 */
export async function unwatchingClient(
  dir: string,
  env?: Readonly<Record<string, string>>,
): Promise<LspTestClient> {
  const client = new LspTestClient(env);
  await client.request("initialize", {
    processId: process.pid,
    rootUri: uriOf(dir),
    workspaceFolders: [{ uri: uriOf(dir), name: "root" }],
    capabilities: { workspace: { workspaceFolders: true } },
  });
  await client.connection.sendNotification("initialized", {});
  return client;
}

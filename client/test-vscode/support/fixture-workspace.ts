/** A fresh copy of the fixture workspace for one VS Code session (tests change it). */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const FIXTURE_WORKSPACE = resolve(__dirname, "../../../test-fixtures/vscode-workspace");

/** A scratch folder holding `workspace/` (the copy) and room for a server's files. */
export interface SessionFolders {
  readonly home: string;
  readonly workspace: string;
}

export function freshSessionFolders(label: string): SessionFolders {
  const home = mkdtempSync(join(tmpdir(), `momoflow-${label}-`));
  const workspace = join(home, "workspace");
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  return { home, workspace };
}

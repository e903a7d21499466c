/**
 * A way to start VS Code's own runtime when its path holds `${`: VS Code
 * would substitute in a task's command, and has no escape for it. No
 * `vscode` import here.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasTaskVariable } from "./literal-invocation";

/**
 * `path`, or when it holds `${` a symbolic link to it in a folder of this
 * user's own whose path holds none (`<tmp>/momoflow-runtime-<hash>/node`,
 * made once and reused). The folder must be this user's and closed to
 * others: a link another user could swap would run their program. Where no
 * such link can be made (no symbolic links, a temp folder holding `${`),
 * `path` as it is.
 */
export function runtimeWithoutVariables(path: string): string {
  if (!hasTaskVariable(path)) return path;
  const base = tmpdir();
  if (hasTaskVariable(base)) return path;
  const hash = createHash("sha256").update(path).digest("hex").slice(0, 16);
  const folder = join(base, `momoflow-runtime-${hash}`);
  const link = join(folder, "node");
  try {
    mkdirSync(folder, { mode: 0o700, recursive: true });
    if (!ownedAndClosed(folder)) return path;
    if (linksTo(link) === path) return link;
    rmSync(link, { force: true });
    symlinkSync(path, link);
    return link;
  } catch {
    return path;
  }
}

/** Whether `folder` is a real folder of this user's that no one else may write in. */
function ownedAndClosed(folder: string): boolean {
  const stat = lstatSync(folder);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/** Where the link `link` points, or undefined when it is none. */
function linksTo(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}

import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Everything under `root` (except the `.momoflow` run-record folder) as
 * relative path → `dir`, `link -> target`, or `file <mode> <content>`, to
 * compare a folder before and after a command and its undo.
 */
export function treeSnapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (!prefix && name === ".momoflow") continue;
      const path = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(path)}`;
      else if (stat.isDirectory()) {
        out[rel] = "dir";
        walk(path, rel);
      } else out[rel] = `file ${(stat.mode & 0o777).toString(8)} ${readFileSync(path, "utf8")}`;
    }
  };
  walk(root, "");
  return out;
}

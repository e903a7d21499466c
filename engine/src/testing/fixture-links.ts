import { readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { FIXTURE_HOLDS, specialFileKind } from "./special-file";

/**
 * Why the fixture folder `source` cannot be copied with each symbolic link
 * as what it points to, or undefined when it can: a link that points
 * nowhere, or one to a folder that holds the link (`loop -> .`, `up -> ..`),
 * whose copy would hold itself without end; or a named pipe, a socket or a
 * device, or a link to one, which has no contents to copy. Said before
 * anything is copied, rather than as the copy's `ENOENT`, `EINVAL` naming
 * the copy's path, or, forty folders deep, `ELOOP`.
 * @param shown a path inside the fixture as the message names it (`fx/sub/loop`).
 */
export function fixtureLinkProblem(
  source: string,
  shown: (path: string) => string,
): string | undefined {
  return folderProblem(source, [realpathSync(source)], shown);
}

/** `holding`: the real paths of the folders the copy of `dir` is inside, `dir`'s own last. */
function folderProblem(
  dir: string,
  holding: readonly string[],
  shown: (path: string) => string,
): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    let real = path;
    if (entry.isSymbolicLink()) {
      const target = readlinkSync(path);
      try {
        real = realpathSync(path);
      } catch {
        return `its symbolic link ${shown(path)} points to ${target}, which is not there`;
      }
      if (holding.some((folder) => folder === real || folder.startsWith(real + sep)))
        return (
          `its symbolic link ${shown(path)} points to ${target}, a folder that holds the link: ` +
          "copied as what it points to, it would hold itself (point it elsewhere, or copy the files it needs)"
        );
      const kind = specialFileKind(statSync(real));
      if (kind !== undefined)
        return `its symbolic link ${shown(path)} points to ${target}, ${kind}: ${FIXTURE_HOLDS}`;
    } else if (!entry.isDirectory()) {
      const kind = specialFileKind(entry);
      if (kind !== undefined) return `${shown(path)} is ${kind}: ${FIXTURE_HOLDS}`;
      continue;
    }
    if (!statSync(real).isDirectory()) continue;
    const problem = folderProblem(path, [...holding, real], shown);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { sameFileContent } from "./content-fingerprint";

/**
 * Everything at `part` is also at `whole`, the same: a link with the same
 * target, a file with the same content, a folder whose entries are each part
 * of the same entry of `whole` (`whole` may hold more). A tree being removed
 * (children before their folder, a file at once) is always part of its copy.
 */
export function isPartOfTree(part: string, whole: string): boolean {
  const partStat = lstatSync(part, { throwIfNoEntry: false });
  const wholeStat = lstatSync(whole, { throwIfNoEntry: false });
  if (!partStat || !wholeStat) return false;
  if (partStat.isSymbolicLink()) {
    return wholeStat.isSymbolicLink() && readlinkSync(part) === readlinkSync(whole);
  }
  if (partStat.isFile()) return sameFileContent(part, whole);
  if (!partStat.isDirectory() || !wholeStat.isDirectory()) return false;
  return readdirSync(part).every((name) => isPartOfTree(join(part, name), join(whole, name)));
}

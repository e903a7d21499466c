import { statSync } from "node:fs";
import { basename, join } from "node:path";
import type { CommandSpec } from "../command";
import { writeFileUndoably } from "./file-write";
import { undoFileWrite } from "./file-write-undo";
import { refuseFileInTheWay, resolveTarget, specialFileKind } from "./target-path";

/** `copy_file(source, destination)`: copies a file; undone by restoring the destination. */
export const copyFileCommand: CommandSpec = {
  description: "Copy a file",
  doc: [
    "Copies the file `source` to `destination` (both relative to the run's working",
    "directory), replacing the destination if it exists and creating missing parent",
    "folders. When `destination` is an existing folder, the copy goes into it under",
    "the source's name, as with `cp`. The copy is written beside the destination and",
    "renamed over it: a reader sees the old file or the new one, never a part, and a",
    "failed copy (disk full) leaves the destination as it was. Ctrl+C or the step's",
    "`timeout` stops a large copy within a moment, the destination as it was too.",
    "",
    "**Undo:** the previous destination is backed up with the run, and put back; a",
    "destination that did not exist is removed, then the folders created for it, deepest",
    "first, each only when empty. A destination changed since the step wrote it is left,",
    "and the undo fails naming it (`momoflow rollback --force` replaces it).",
    "",
    "**Output:** the absolute path of the copy.",
  ].join("\n"),
  params: [
    { name: "source", type: "path", description: "The file to copy." },
    { name: "destination", type: "path", description: "Where the copy goes." },
  ],
  undoDescription: "restoring the destination",
  async run(args, invocation) {
    const source = resolveTarget(invocation, args.source as string);
    let destination = resolveTarget(invocation, args.destination as string);
    const from = statSync(source, { throwIfNoEntry: false });
    if (!from) throw new Error(`copy_file: source "${source}" does not exist`);
    if (from.isDirectory()) throw new Error(`copy_file: source "${source}" is a folder`);
    const special = specialFileKind(from);
    if (special)
      throw new Error(
        `copy_file: source "${source}" is ${special}, not a regular file (read from it in a shell step)`,
      );
    refuseFileInTheWay("copy_file", destination);
    let to = statSync(destination, { throwIfNoEntry: false });
    if (to?.isDirectory()) {
      destination = join(destination, basename(source));
      to = statSync(destination, { throwIfNoEntry: false });
    }
    if (to && to.dev === from.dev && to.ino === from.ino) {
      throw new Error(`copy_file: "${source}" and "${destination}" are the same file`);
    }
    await writeFileUndoably("copy_file", destination, { copyOf: source }, invocation);
    return destination;
  },
  async rollback(_args, rollbackData, invocation) {
    await undoFileWrite("copy_file", rollbackData, invocation);
  },
};

import { copyFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { CommandSpec } from "../command";
import { prepareFileWrite, undoFileWrite } from "./file-write-undo";
import { resolveTarget } from "./target-path";

/** `copy_file(source, destination)`: copies a file; undone by restoring the destination. */
export const copyFileCommand: CommandSpec = {
  description: "Copy a file",
  doc: [
    "Copies the file `source` to `destination` (both relative to the run's working",
    "directory), replacing the destination if it exists and creating missing parent",
    "folders. When `destination` is an existing folder, the copy goes into it under",
    "the source's name, as with `cp`.",
    "",
    "**Undo:** the previous destination is backed up with the run, and put back; a",
    "destination that did not exist is removed, with the folders created for it.",
    "",
    "**Output:** the absolute path of the copy.",
  ].join("\n"),
  params: [
    { name: "source", type: "path", description: "The file to copy." },
    { name: "destination", type: "path", description: "Where the copy goes." },
  ],
  undoDescription: "restoring the destination",
  run(args, invocation) {
    const source = resolveTarget(invocation, args.source as string);
    let destination = resolveTarget(invocation, args.destination as string);
    const from = statSync(source, { throwIfNoEntry: false });
    if (!from) throw new Error(`copy_file: source "${source}" does not exist`);
    if (from.isDirectory()) throw new Error(`copy_file: source "${source}" is a folder`);
    let to = statSync(destination, { throwIfNoEntry: false });
    if (to?.isDirectory()) {
      destination = join(destination, basename(source));
      to = statSync(destination, { throwIfNoEntry: false });
    }
    if (to && to.dev === from.dev && to.ino === from.ino) {
      throw new Error(`copy_file: "${source}" and "${destination}" are the same file`);
    }
    prepareFileWrite("copy_file", destination, invocation);
    copyFileSync(source, destination);
    return destination;
  },
  rollback(_args, rollbackData) {
    undoFileWrite("copy_file", rollbackData);
  },
};

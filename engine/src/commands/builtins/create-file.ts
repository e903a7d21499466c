import { writeFileSync } from "node:fs";
import type { CommandSpec } from "../command";
import { prepareFileWrite, undoFileWrite } from "./file-write-undo";
import { resolveTarget } from "./target-path";

/** `create_file(path, content = "")`: writes a file; undone by restoring what was there before. */
export const createFileCommand: CommandSpec = {
  description: "Write a file",
  doc: [
    "Writes `content` to the file at `path` (relative to the run's working directory),",
    "replacing it if it exists and creating missing parent folders.",
    "",
    "**Undo:** the previous file is backed up with the run, and put back; a file that",
    "did not exist is removed, with the folders created for it.",
    "",
    "**Output:** the absolute path of the file.",
  ].join("\n"),
  params: [
    { name: "path", type: "path", description: "The file to write." },
    { name: "content", type: "string", default: "", description: "What to write." },
  ],
  undoDescription: "restoring what was there before",
  run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    prepareFileWrite("create_file", target, invocation);
    writeFileSync(target, args.content as string);
    return target;
  },
  rollback(_args, rollbackData) {
    undoFileWrite("create_file", rollbackData);
  },
};

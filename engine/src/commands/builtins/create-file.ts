import type { CommandSpec } from "../command";
import { writeFileUndoably } from "./file-write";
import { FILE_WRITE_UNDO_DOC, undoFileWrite } from "./file-write-undo";
import { resolveTarget } from "./target-path";

/** `create_file(path, content = "")`: writes a file; undone by restoring what was there before. */
export const createFileCommand: CommandSpec = {
  description: "Write a file",
  doc: [
    "Writes `content` to the file at `path` (relative to the run's working directory),",
    "replacing it if it exists and creating missing parent folders. The file is written",
    "beside the target and renamed over it: a reader sees the old file or the new one,",
    "never a part, and a failed write (disk full) leaves the file as it was.",
    "",
    ...FILE_WRITE_UNDO_DOC,
  ].join("\n"),
  params: [
    { name: "path", type: "path", description: "The file to write." },
    { name: "content", type: "string", default: "", description: "What to write." },
  ],
  undoDescription: "restoring what was there before",
  async run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    await writeFileUndoably("create_file", target, { text: args.content as string }, invocation);
    return target;
  },
  async rollback(_args, rollbackData, invocation) {
    await undoFileWrite("create_file", rollbackData, invocation);
  },
};

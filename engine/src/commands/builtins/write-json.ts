import type { CommandSpec } from "../command";
import { writeFileUndoably } from "./file-write";
import { FILE_WRITE_UNDO_DOC, undoFileWrite } from "./file-write-undo";
import { resolveTarget } from "./target-path";

/** `write_json(path, value)`: writes a value as JSON; undone by restoring what was there before. */
export const writeJsonCommand: CommandSpec = {
  description: "Write a value as a JSON file",
  doc: [
    "Writes `value` as JSON (indented by two spaces, newline at the end) to the file at",
    "`path`, replacing it if it exists and creating missing parent folders. The file is",
    "written beside the target and renamed over it: a reader sees the old file or the",
    "new one, never a part, and a failed write (disk full) leaves the file as it was.",
    "",
    ...FILE_WRITE_UNDO_DOC,
  ].join("\n"),
  params: [
    { name: "path", type: "path", description: "The file to write." },
    { name: "value", type: "any", description: "Any JSON value: map, list, string, number, bool." },
  ],
  undoDescription: "restoring what was there before",
  async run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    // Serialized first: a value JSON cannot hold fails before anything changes.
    const text = JSON.stringify(args.value, null, 2) as string | undefined;
    if (text === undefined) throw new Error(`write_json: the value cannot be written as JSON`);
    await writeFileUndoably("write_json", target, { text: `${text}\n` }, invocation);
    return target;
  },
  async rollback(_args, rollbackData, invocation) {
    await undoFileWrite("write_json", rollbackData, invocation);
  },
};

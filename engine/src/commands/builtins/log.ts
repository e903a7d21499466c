import type { CommandSpec } from "../command";

/** `log(message)`: writes a line to the run log. */
export const logCommand: CommandSpec = {
  description: "Print a message to the run log",
  doc: [
    "Writes `message` to the run log at level info.",
    "",
    "**Undo:** nothing to undo.",
    "",
    "**Output:** the message.",
  ].join("\n"),
  params: [{ name: "message", type: "string", description: "What to print." }],
  undoDescription: "nothing to undo",
  effectFree: true,
  run(args, invocation) {
    const message = args.message as string;
    invocation.logger.info(message);
    return message;
  },
};

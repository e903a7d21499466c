import type { CommandSpec } from "../command";

/** `fail(message)`: always fails, with `message` as the error. */
export const failCommand: CommandSpec = {
  description: "Always fail",
  doc: [
    "Fails the step with `message` as its error: to stop a workflow on purpose, or to",
    "try out its rollback.",
    "",
    "**Undo:** nothing to undo.",
  ].join("\n"),
  params: [{ name: "message", type: "string", description: "The error of the step." }],
  undoDescription: "nothing to undo",
  effectFree: true,
  run(args) {
    throw new Error(args.message as string);
  },
};

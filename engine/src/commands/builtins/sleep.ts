import { longWait } from "../../runtime/long-timeout";
import type { CommandSpec } from "../command";

/** `sleep(duration)`: waits; a timeout or cancel ends the wait. */
export const sleepCommand: CommandSpec = {
  description: "Wait",
  doc: [
    "Waits for `duration` (a duration like `30s`, or milliseconds). A timeout or a",
    "cancel of the run ends the wait at once, and the step fails.",
    "",
    "**Undo:** nothing to undo.",
  ].join("\n"),
  params: [{ name: "duration", type: "duration", description: "How long to wait." }],
  undoDescription: "nothing to undo",
  effectFree: true,
  async run(args, invocation) {
    // Node's timers wait at least 1 ms: a sleep of nothing waits for nothing.
    if ((args.duration as number) <= 0 && !invocation.signal.aborted) return undefined;
    try {
      await longWait(args.duration as number, invocation.signal);
    } catch (error) {
      if (!invocation.signal.aborted) throw error;
      const reason: unknown = invocation.signal.reason;
      const why = reason instanceof Error ? reason.message : String(reason ?? "aborted");
      throw new Error(`sleep was stopped: ${why}`, { cause: error });
    }
    return undefined;
  },
};

import type { ChildProcess } from "node:child_process";

/**
 * What `child` has printed on `stream` so far, kept as it comes: to wait for
 * a message (with `waitFor`) before acting on the state it announces.
 */
export function printedSoFar(child: ChildProcess, stream: "stdout" | "stderr"): () => string {
  let text = "";
  child[stream]!.on("data", (chunk: Buffer | string) => (text += chunk.toString()));
  return () => text;
}

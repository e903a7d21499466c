/** The arguments a call already names, before the cursor (scanned) and after it. */
import type { CursorAnalysis } from "./cursor-context";
import { namesAfterCursor } from "./names-after-cursor";
import type { CallFrame } from "./scan-frames";

/** Names given in `call` of `text`, but the one typed at the cursor. */
export function givenArguments(
  text: string,
  analysis: CursorAnalysis,
  call: CallFrame,
): Set<string> {
  return new Set([...call.given, ...namesAfterCursor(text, analysis.replace.end, "labels")]);
}

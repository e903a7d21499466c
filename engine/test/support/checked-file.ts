import { LanguageWorkspace } from "../../src/language/workspace";

/**
 * The diagnostics of `text` checked as `/ws/main.momoflow`, one line each:
 * `line:col-line:col CODE message` (1-based), in the order reported.
 */
export function checkedLines(text: string): string[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace
    .check("/ws/main.momoflow")
    .diagnostics.map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`,
    );
}

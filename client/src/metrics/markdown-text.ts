/**
 * Text from run records put into a hover's Markdown. No `vscode` import here.
 *
 * Errors, skip reasons, worker names and run ids come from files and from
 * what commands printed: written into Markdown as they are, `[x](https://…)`
 * became a link, `**` bold, a backtick ended a code span early. These make
 * such text read as the very text.
 */

/** `text` with every character Markdown gives a meaning escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, "\\$&");
}

/** `text` as one inline code span, whatever backticks it holds. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The parts of a Markdown document the documentation tests read: fenced code
 * blocks, the section under a heading, table rows and links.
 */

/** A fenced code block: ```language word word ... */
export interface FencedBlock {
  /** The first word of the info string (`momoflow`, `js`, `sh`), or "" without one. */
  language: string;
  /** The other words of the info string (`file=common.momoflow`, `MF015`). */
  words: string[];
  /** The block's text, with a final line break. */
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/**
 * Every fenced code block of `markdown`, in order. An unclosed fence is an
 * error, and so is a fence of other than three backticks or a line inside a
 * block that starts like a fence: a Markdown viewer would then swallow the
 * prose and examples that follow into one block, which this reader (closing
 * at the first bare fence) would read differently, so examples would go
 * unchecked.
 */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split("\n");
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    if (open[1]!.startsWith("`"))
      throw new Error(`line ${i + 1} opens a code block with more than three backticks`);
    const [language = "", ...words] = open[1]!.trim().split(/\s+/).filter(Boolean);
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    if (end < 0) throw new Error(`the code block opened at line ${i + 1} is never closed`);
    if (lines[end] !== "```")
      throw new Error(
        `line ${end + 1}, inside the code block opened at line ${i + 1}, starts like a fence but does not close it`,
      );
    blocks.push({
      language,
      words,
      text: lines.slice(i + 1, end).join("\n") + "\n",
      line: i + 1,
    });
    i = end;
  }
  return blocks;
}

/** The text outside fenced code blocks (where headings, tables and links are). */
export function proseOf(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
}

/**
 * The section under the first heading whose text is `heading` (any level): up
 * to the next heading of the same or a higher level.
 *
 * @throws Error when there is no such heading.
 */
export function sectionUnder(markdown: string, heading: string): string {
  const lines = proseOf(markdown).split("\n");
  const start = lines.findIndex(
    (line) => /^#+ /.test(line) && line.replace(/^#+ /, "") === heading,
  );
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => {
    const hashes = /^(#+) /.exec(line);
    return hashes !== null && hashes[1]!.length <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/** The cells of each table row of `text` (header rows included, separator rows not), trimmed. */
export function tableRows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+$/.test(line))
    .map((line) =>
      line
        .replace(/^\|/, "")
        .replace(/\|\s*$/, "")
        .split("|")
        .map((cell) => cell.trim()),
    );
}

/** The targets of the Markdown links and images of `markdown`'s prose: `[text](target)`. */
export function linkTargets(markdown: string): string[] {
  const prose = proseOf(markdown).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

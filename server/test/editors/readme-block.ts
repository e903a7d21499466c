/**
 * The README's editor configurations, as a user copies them: a fenced code
 * block found by its language and a line it contains, with the placeholder
 * path of the user's clone replaced by this repository. Tests run these blocks
 * so they prove the README, not a copy of it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** This repository: what a user's `/path/to/momoflow` stands for. */
export const REPOSITORY = resolve(__dirname, "../../..");

const README = resolve(REPOSITORY, "README.md");
const PLACEHOLDER = "/path/to/momoflow";

/**
 * The body of the README's first ```` ```language ```` block that contains
 * `marker`, with `/path/to/momoflow` replaced by {@link REPOSITORY}. Throws,
 * saying what is missing, when there is no such block or it names no server path.
 */
export function readmeBlock(language: string, marker: string): string {
  const fence = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm");
  for (const match of readFileSync(README, "utf8").matchAll(fence)) {
    const body = match[1]!;
    if (!body.includes(marker)) continue;
    if (!body.includes(PLACEHOLDER))
      throw new Error(`README.md: the ${language} block with "${marker}" names no ${PLACEHOLDER}`);
    return body.split(PLACEHOLDER).join(REPOSITORY);
  }
  throw new Error(`README.md has no ${language} code block containing "${marker}"`);
}

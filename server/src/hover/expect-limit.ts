/**
 * Hover on the subject of a test's `expect duration < 30s` and
 * `expect memory < 4GB`: what is compared, and in which units.
 */
import type { Position, Range, SourceFile } from "@momoflow/language";
import { EXPECT_LIMIT_DOCS } from "../language-docs";
import { contains } from "../analysis/range-contains";
import { codeBlock } from "./declaration-markdown";

/** The Markdown and range of the `duration` or `memory` of an `expect` at `position`, if one is there. */
export function expectLimitAt(
  file: SourceFile,
  position: Position,
): { markdown: string; range: Range } | undefined {
  for (const test of file.tests ?? []) {
    for (const expect of test?.expects ?? []) {
      const subject = expect?.subject;
      if (subject !== "duration" && subject !== "memory") continue;
      if (!expect.subjectRange || !contains(expect.subjectRange, position)) continue;
      const limit = subject === "duration" ? "<duration>" : "<size>";
      return {
        markdown: `${codeBlock(`expect ${subject} < ${limit}`)}\n\n${EXPECT_LIMIT_DOCS[subject]}`,
        range: expect.subjectRange,
      };
    }
  }
  return undefined;
}

import assert from "node:assert/strict";
import type { FoldingRange } from "vscode-languageserver-protocol/node";
import { describeDuration } from "@momoflow/units";
import { at } from "../support/text-position";
import { hoverAt as hoverOf, markdownOf } from "../support/hover-text";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * Hover, folding and semantic tokens read a document's tokens, made once per
 * version of the document: after every edit they must answer from the new
 * text, never from the tokens of an older one.
 */
describe("language server: token-read answers follow every edit (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-hover-edits-" });

  const first = `workflow w {
  step a {
    run: "echo a"
    timeout: 5m
  }
  step b {
    needs: a
    when: steps.a.status == success
    run: "echo b"
  }
}
`;

  const hoverAt = (uri: string, text: string, needle: string, shift = 0) =>
    hoverOf(workspace.client, uri, text, needle, shift);
  /** The words a hover says for the duration literal `literal`. */
  const durationWords = (literal: string): RegExp => new RegExp(describeDuration(literal)!);

  it("hovers the text as it is after each edit, incremental or whole", async () => {
    const uri = await workspace.openNew(first);
    assert.match(markdownOf(await hoverAt(uri, first, "5m")), durationWords("5m"));

    // An edit inside the step (re-parsed alone), the literal changed in place.
    const second = first.replace("5m", "90s");
    await workspace.client.change(uri, [
      { range: { start: at(first, "5m"), end: at(first, "5m", 2) }, text: "90s" },
    ]);
    const ninety = await hoverAt(uri, second, "90s");
    assert.match(markdownOf(ninety), durationWords("90s"));
    assert.deepEqual(ninety?.range, { start: at(second, "90s"), end: at(second, "90s", 3) });

    // Lines added above: every token moved; the old offsets now hold other text.
    const third = second.replace(
      "  step a {",
      `  step z {\n    run: "echo z"\n    timeout: 2h\n  }\n  step a {`,
    );
    await workspace.client.change(uri, [{ text: third }]);
    assert.match(markdownOf(await hoverAt(uri, third, "2h")), durationWords("2h"));
    assert.match(markdownOf(await hoverAt(uri, third, "90s")), durationWords("90s"));
    const status = await hoverAt(uri, third, "status ==", 1);
    assert.match(markdownOf(status), /steps\.a\.status/);
    assert.deepEqual(status?.range, {
      start: at(third, "status =="),
      end: at(third, "status ==", "status".length),
    });
    // Where `5m` was in the first text there is no duration any more.
    const old = await hoverAt(uri, first, "5m");
    assert.doesNotMatch(markdownOf(old), durationWords("5m"));

    // A text that does not parse (a whole re-parse): still the new tokens.
    const fourth = third.replace('run: "echo b"', 'run: "echo b" timeout: 250ms {');
    await workspace.client.change(uri, [{ text: fourth }]);
    assert.match(markdownOf(await hoverAt(uri, fourth, "250ms")), durationWords("250ms"));
  });

  it("folds the text as it is after an edit", async () => {
    const uri = await workspace.openNew(first);
    const folds = async (): Promise<number[]> =>
      (
        await workspace.client.request<FoldingRange[]>("textDocument/foldingRange", {
          textDocument: { uri },
        })
      ).map((range) => range.startLine);
    assert.deepEqual(await folds(), [0, 1, 5]);
    const longer = first.replace("  step b {", `  step c {\n    run: "echo c"\n  }\n  step b {`);
    await workspace.client.change(uri, [{ text: longer }]);
    assert.deepEqual(await folds(), [0, 1, 5, 8]);
  });
});

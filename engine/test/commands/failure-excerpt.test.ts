import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { failureExcerpt } from "../../src/commands/failure-excerpt";

describe("failureExcerpt", () => {
  it("keeps the Error line of a Node program that throws, which the stack pushes out of the tail", () => {
    const node = spawnSync(process.execPath, ["-e", 'throw new Error("the token has expired")'], {
      encoding: "utf8",
    });
    assert.notEqual(node.status, 0);
    const excerpt = failureExcerpt(node.stderr);
    assert.match(excerpt, /^Error: the token has expired$/m);
    // Of the stack, its first frame only.
    assert.equal(excerpt.match(/^\s+at /gm)?.length, 1, excerpt);
  });

  it("keeps the lines that name an error from long output, and the tail, in order, with … for gaps", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `progress ${i}`);
    lines[20] = "fatal: could not read Username";
    lines[90] = "npm ERR! code ELIFECYCLE";
    const excerpt = failureExcerpt(lines.join("\n")).split("\n");
    assert.deepEqual(excerpt.slice(0, 4), [
      "fatal: could not read Username",
      "…",
      "npm ERR! code ELIFECYCLE",
      "…",
    ]);
    assert.equal(excerpt.at(-1), "progress 199");
    assert.ok(!excerpt.includes("progress 100"));
  });

  it("is bounded: at most 20 lines and about 4 KB, however much names an error", () => {
    const many = Array.from({ length: 500 }, (_, i) => `error ${i}: ${"x".repeat(400)}`).join("\n");
    const excerpt = failureExcerpt(many);
    assert.ok(excerpt.split("\n").length <= 20);
    assert.ok(excerpt.length <= 4097, `${excerpt.length}`);
    assert.match(excerpt, /error 499/);
  });

  it("gives the last lines when none names an error, and nothing for blank output", () => {
    const text = Array.from({ length: 30 }, (_, i) => `step ${i}`).join("\n");
    assert.equal(failureExcerpt(text).split("\n")[0], "step 22");
    assert.equal(failureExcerpt("\n  \n"), "");
  });

  it("leaves colours out and escapes other control characters, so a coloured error line still counts", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `progress ${i}`);
    lines[3] = "\x1b[1;31merror:\x1b[0m the \x1b]0;title\x07token\tis\x1b[2K gone";
    const excerpt = failureExcerpt(lines.join("\n")).split("\n");
    assert.equal(excerpt[0], "error: the \\x1b]0;title\\x07token\tis\\x1b[2K gone");
  });
});

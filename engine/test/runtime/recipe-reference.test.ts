import assert from "node:assert/strict";
import { interpolateShell } from "../../src/commands/shell-quote";
import {
  RecipeReference,
  referenceMask,
  resolveRecipeArgs,
} from "../../src/runtime/recipe-reference";

describe("undo recipe references", () => {
  const recorded = (value: unknown): Record<string, unknown> =>
    JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

  it("serializes a reference without its live value", () => {
    const ref = new RecipeReference("env.TOKEN", "hunter2");
    assert.equal(JSON.stringify({ a: ref }), '{"a":{"$ref":"env.TOKEN"}}');
    assert.equal(ref.live, "hunter2");
  });

  it("quotes a value in a recorded script for where it stands, when the undo resolves it", () => {
    const hostile = `$(touch PWNED); it's "x"`;
    const args = recorded({
      script: {
        $shell: [
          { text: "echo " },
          { value: new RecipeReference("env.X", "") },
          { text: ' "in ${HOME} ' },
          { value: { $text: ["k=", new RecipeReference("param.key", "")] } },
          { text: '"' },
        ],
      },
    });
    const { args: resolved } = resolveRecipeArgs(args, (ref) =>
      ref === "env.X" ? hostile : "s3cr3t",
    );
    const values: Record<string, string> = { a: hostile, b: "k=s3cr3t" };
    assert.equal(
      resolved.script,
      interpolateShell(
        [{ text: "echo " }, { ref: "a" }, { text: ' "in ${HOME} ' }, { ref: "b" }, { text: '"' }],
        (ref) => values[ref],
      ),
    );
  });

  it("resolves text and nested values, and masks what it read in messages", () => {
    const args = recorded({
      path: { $text: [new RecipeReference("env.HOME_DIR", ""), "/x"] },
      list: [new RecipeReference("param.key", ""), 2],
      plain: { a: "b" },
    });
    const { args: resolved, mask } = resolveRecipeArgs(args, (ref) =>
      ref === "env.HOME_DIR" ? "/home/me" : "s3cr3t",
    );
    assert.deepEqual(resolved, { path: "/home/me/x", list: ["s3cr3t", 2], plain: { a: "b" } });
    assert.equal(
      mask.text("cannot delete /home/me/x with s3cr3t"),
      "cannot delete ${env.HOME_DIR}/x with ***",
    );
  });

  it("fails as the lookup does when a value is missing", () => {
    const args = recorded({ path: new RecipeReference("env.GONE", "") });
    assert.throws(
      () =>
        resolveRecipeArgs(args, (ref) => {
          throw new Error(`${ref} is not set`);
        }),
      /env\.GONE is not set/,
    );
  });

  it("hides what a live action read: secrets as ***, environment values by name (not short ones)", () => {
    const mask = referenceMask({
      script: {
        $shell: [
          { value: new RecipeReference("env.TOKEN", "abcd1234") },
          { value: new RecipeReference("env.FLAG", "1") },
          { value: new RecipeReference("param.key", "k") },
        ],
      },
    });
    assert.equal(mask.text("abcd1234 1 k"), "${env.TOKEN} 1 ***");
  });
});

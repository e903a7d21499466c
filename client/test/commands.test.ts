import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CONTRIBUTED_COMMANDS, INTERNAL_COMMANDS } from "../src/commands";
import { ROOT } from "./fakes/load-extension";
import { sourceFiles } from "./helpers/source-files";

const SOURCES = join(ROOT, "client/src");

describe("the command ids (client/src/commands.ts)", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    contributes: { commands: { command: string }[] };
  };

  it("contributes exactly the commands package.json lists", () => {
    const listed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...CONTRIBUTED_COMMANDS].sort(), [...listed].sort());
  });

  it("keeps the CodeLens-only commands out of the manifest, and names no id twice", () => {
    const listed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of INTERNAL_COMMANDS) assert.ok(!listed.has(id), `${id} is not contributed`);
    const all = [...CONTRIBUTED_COMMANDS, ...INTERNAL_COMMANDS];
    assert.equal(new Set(all).size, all.length);
    for (const id of all) assert.match(id, /^momoflow\.[A-Za-z.]+$/);
  });

  it("is the only source file that spells a command id", () => {
    const ids = [...CONTRIBUTED_COMMANDS, ...INTERNAL_COMMANDS];
    const spelled: string[] = [];
    for (const file of sourceFiles(SOURCES)) {
      if (file === join(SOURCES, "commands.ts")) continue;
      const text = readFileSync(file, "utf8");
      for (const id of ids)
        if (text.includes(`"${id}"`)) spelled.push(`${relative(ROOT, file)}: ${id}`);
    }
    assert.deepEqual(spelled, []);
  });
});

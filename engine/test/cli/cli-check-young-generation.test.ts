import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { unknownReferencesFile } from "../../src/bench/unknown-references";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** Loaded into the CLI's process: prints the young generation's size (both semi-spaces) as it exits. */
const REPORTER = `process.on("exit", () => {
  const space = require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  process.stderr.write("new space: " + space.space_size + "\\n");
});
`;

describe("momoflow check: the young generation (young-generation.ts)", () => {
  const dir = useTempDir();

  it("stays at 4 MB semi-spaces on a file whose check would grow it further", async () => {
    // 1,000 steps: by default their check grows the semi-spaces to 8 MB.
    const file = join(dir(), "unknown.momoflow");
    writeFileSync(file, unknownReferencesFile(1_000));
    const reporter = join(dir(), "reporter.js");
    writeFileSync(reporter, REPORTER);
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(reporter)}`;
    const { code, stdout, stderr } = await startCli(["check", file], dir(), {
      NODE_OPTIONS: nodeOptions,
    }).done;
    assert.equal(code, 1, stderr);
    assert.equal(stdout.split("\n").length - 1, 1_000);
    const size = Number(/new space: (\d+)/.exec(stderr)?.[1]);
    assert.equal(size, 2 * 4 * 2 ** 20, stderr);
  });
});

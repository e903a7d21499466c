import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { createCommandRegistry } from "../../src/commands/registry";
import { recordingExecution } from "./execution-fixture";

const registry = createCommandRegistry();

/**
 * Reads the file in a loop until the stop file appears; prints "ready" after
 * its first read, then one JSON line: how many reads, and the bad ones (any
 * content but the two whole versions), by length.
 */
const READER = `
const fs = require("node:fs");
const [file, stop, a, b] = process.argv.slice(1);
const whole = new Set([Number(a), Number(b)]);
let reads = 0;
const bad = [];
while (!fs.existsSync(stop)) {
  const text = fs.readFileSync(file, "latin1");
  reads++;
  if (reads === 1) process.stdout.write("ready\\n");
  const uniform = text.length > 0 && text.split(text[0]).length === text.length + 1;
  if (!whole.has(text.length) || !uniform) bad.push(text.length);
}
process.stdout.write(JSON.stringify({ reads, bad }) + "\\n");
`;

describe("file-writing built-ins and a concurrent reader", () => {
  const dir = useTempDir("momoflow-readers-");
  let reader: ChildProcess | undefined;
  afterEach(() => {
    if (reader?.exitCode === null && reader.pid !== undefined) process.kill(reader.pid);
    reader = undefined;
  });

  it("never shows a reader a part of the file, over many rewrites", async () => {
    const file = join(dir(), "shared.txt");
    const stop = join(dir(), "stop");
    const versions = ["a".repeat(300_000), "b".repeat(200_000)];
    writeFileSync(file, versions[0]!);
    const child = spawn(
      process.execPath,
      ["-e", READER, file, stop, String(versions[0]!.length), String(versions[1]!.length)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    reader = child;
    let output = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => (output += chunk));
    while (!output.includes("ready")) await once(child.stdout!, "data");

    for (let i = 1; i <= 100; i++) {
      const content = versions[i % 2]!;
      await registry.invoke(
        "create_file",
        { path: "shared.txt", content },
        recordingExecution({ workingDirectory: dir() }),
      );
      // Let the reader run between rewrites, too.
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    writeFileSync(stop, "");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
    const result = JSON.parse(output.split("\n")[1]!) as { reads: number; bad: number[] };
    assert.ok(result.reads > 1, `the reader read during the rewrites (${result.reads} reads)`);
    assert.deepEqual(result.bad.slice(0, 10), [], "lengths of partial contents the reader saw");
  });
});

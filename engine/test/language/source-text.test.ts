import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  InvalidUtf8Error,
  firstInvalidUtf8Byte,
  readSourceText,
} from "../../src/language/source-text";
import { LanguageWorkspace } from "../../src/language/workspace";
import { useTempDir } from "../support/temp-dir";

describe("source text (UTF-8 only)", () => {
  const tmp = useTempDir("momoflow-source-");

  it("finds the first byte that starts no valid UTF-8 sequence", () => {
    const cases: [number[], number][] = [
      [[0x61, 0x62], -1],
      [[0x63, 0xc3, 0xa9], -1], // é
      [[0xf0, 0x9f, 0x98, 0x80], -1], // an emoji
      [[0x61, 0xe9, 0x62], 1], // Latin-1 é
      [[0x61, 0xc3], 1], // truncated sequence
      [[0xc0, 0xaf], 0], // overlong "/"
      [[0x61, 0xed, 0xa0, 0x80], 1], // a UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0x80], 1], // a lone continuation byte
    ];
    for (const [bytes, offset] of cases)
      assert.equal(firstInvalidUtf8Byte(Uint8Array.from(bytes)), offset, JSON.stringify(bytes));
  });

  it("reads UTF-8 files exactly, and refuses others with the offset", () => {
    const good = join(tmp(), "good.momoflow");
    writeFileSync(good, "\uFEFF// café ☕\n");
    assert.equal(readSourceText(good), "\uFEFF// café ☕\n", "the byte order mark is kept");
    const bad = join(tmp(), "bad.momoflow");
    writeFileSync(bad, Buffer.from([0x2f, 0x2f, 0x20, 0xff, 0x0a]));
    assert.throws(
      () => readSourceText(bad),
      (error: unknown) =>
        error instanceof InvalidUtf8Error &&
        error.byteOffset === 3 &&
        error.message === "not valid UTF-8 (byte offset 3)",
    );
    assert.equal(readSourceText(join(tmp(), "missing.momoflow")), undefined);
    assert.equal(readSourceText(tmp()), undefined, "a folder is not a file");
  });

  it("the workspace checks such a file as one MF013, and reads it again once fixed", () => {
    const path = join(tmp(), "latin1.momoflow");
    writeFileSync(path, Buffer.from('workflow w { step a { run: "caf\xe9" } }\n', "latin1"));
    const workspace = new LanguageWorkspace();
    const first = workspace.check(path).diagnostics;
    assert.deepEqual(
      first.map((d) => `${d.code} ${d.message}`),
      ["MF013 not valid UTF-8 (byte offset 31); not checked"],
    );
    writeFileSync(path, 'workflow w { step a { run: "café" } }\n');
    workspace.invalidate(path);
    assert.deepEqual(workspace.check(path).diagnostics, []);
  });
});

import assert from "node:assert/strict";
import { SecretMask } from "../../src/runtime/secret-mask";
import { seededRandom } from "../support/seeded-random";

describe("SecretMask", () => {
  const mask = SecretMask.of(["hunter2", "s3cr3t-value", ""]);

  it("replaces every value in text, the longest where two start at the same place", () => {
    assert.equal(mask.text("a hunter2 b s3cr3t-value c hunter2"), "a *** b *** c ***");
    const nested = SecretMask.of(["abc", "abcdef"]);
    assert.equal(nested.text("xabcdefy abcz"), "x***y ***z");
  });

  it("finds a value as a shell script or a JSON string writes it", () => {
    const quoted = SecretMask.of([`it's "x"`]);
    assert.equal(quoted.text(`echo 'it'\\''s "x"'`), "echo '***'");
    assert.equal(quoted.text(`echo "it's \\"x\\""`), 'echo "***"');
    assert.equal(quoted.text(JSON.stringify({ v: `it's "x"` })), '{"v":"***"}');
  });

  it("masks every string of a JSON-like value, the keys of data too, and leaves the original alone", () => {
    const value = { out: ["hunter2", 3], output: { hunter2: { deep: "is hunter2" } } };
    assert.deepEqual(mask.value(value), { out: ["***", 3], output: { "***": { deep: "is ***" } } });
    assert.equal(value.out[0], "hunter2");
  });

  it("leaves the record's own keys, words and step ids alone: a one-letter secret does not corrupt an event", () => {
    const short = SecretMask.of(["s"]);
    const event = {
      type: "step_started",
      step: "make_site",
      undo: { kind: "run", command: "sh", args: { script: "rm site", "s p": { s: "s" } } },
      variables: { site: "s" },
    };
    assert.deepEqual(short.value(event), {
      type: "step_started",
      step: "make_site",
      undo: {
        kind: "run",
        command: "sh",
        args: { script: "rm ***ite", "s p": { "***": "***" } },
      },
      variables: { site: "***" },
    });
  });

  it("masks a value split across chunks of a stream, holding back less than the longest value", () => {
    const stream = mask.stream();
    let out = stream.write("user hun");
    assert.equal(out, "user ");
    out += stream.write("ter2 and s3cr3t");
    out += stream.write("-valu");
    out += stream.write("e!");
    out += stream.end();
    assert.equal(out, "user *** and ***!");
  });

  it("writes back what only looked like the start of a value once the text ends", () => {
    const stream = mask.stream();
    assert.equal(stream.write("a hunt"), "a ");
    assert.equal(stream.end(), "hunt");
  });

  it("gives the same text as masking it whole, however a random text is cut into chunks", () => {
    const random = seededRandom(11);
    const alphabet = ["hunter2", "hun", "s3cr3t-", "s3cr3t-value", "x", "\n", "ter2"];
    for (let round = 0; round < 300; round++) {
      let text = "";
      for (let i = 0; i < 12; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const stream = mask.stream();
      let out = "";
      let at = 0;
      while (at < text.length) {
        const size = 1 + Math.floor(random() * 6);
        const chunk = text.slice(at, at + size);
        out += stream.write(chunk);
        at += size;
      }
      out += stream.end();
      assert.equal(out, mask.text(text), JSON.stringify(text));
      assert.ok(!out.includes("hunter2") && !out.includes("s3cr3t-value"), out);
    }
  });

  it("scans as a position-by-position scan does, the values longest first, for random values and texts", () => {
    // The reference: at each position, the first (longest) value found there, else the character;
    // unless final, the text from the first position that may start a longer value is held back.
    const reference = (m: SecretMask, values: string[], text: string, final: boolean) => {
      let out = "";
      let i = 0;
      scanning: while (i < text.length) {
        for (const value of values) {
          if (text.startsWith(value, i)) {
            out += "***";
            i += value.length;
            continue scanning;
          }
        }
        const rest = text.slice(i);
        if (!final && values.some((v) => v.length > rest.length && v.startsWith(rest)))
          return { out, held: text.length - i };
        out += text[i];
        i++;
      }
      return { out, held: 0 };
    };
    const random = seededRandom(29);
    const pick = (from: string) => from[Math.floor(random() * from.length)]!;
    for (let round = 0; round < 2000; round++) {
      const secrets = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        let value = "";
        const length = 1 + Math.floor(random() * 5);
        for (let i = 0; i < length; i++) value += pick("abc");
        return value;
      });
      const m = SecretMask.of(secrets);
      // The forms masked, longest first, as the mask orders them (letters only: each is its own form).
      const values = [...new Set(secrets)].sort((a, b) => b.length - a.length);
      let text = "";
      const length = Math.floor(random() * 20);
      for (let i = 0; i < length; i++) text += pick("abcx");
      for (const final of [false, true]) {
        assert.deepEqual(
          m.scan(text, final),
          reference(m, values, text, final),
          `${JSON.stringify(secrets)} ${JSON.stringify(text)} final=${final}`,
        );
      }
    }
  });

  it("is the identity with nothing to hide", () => {
    assert.equal(SecretMask.none.text("hunter2"), "hunter2");
    const value = { a: 1 };
    assert.equal(SecretMask.none.value(value), value);
  });

  it("hides a value added later from then on, in text, values and a stream already made; none stays empty", () => {
    const growing = SecretMask.of(["hunter2"]);
    const stream = growing.stream();
    assert.equal(stream.write("key: late-key-77 "), "key: late-key-77 ");
    growing.addSecrets(["late-key-77", "hunter2"]);
    assert.equal(
      stream.write("again late-key") + stream.write("-77 and hunter2") + stream.end(),
      "again *** and ***",
    );
    assert.equal(growing.text("late-key-77"), "***");
    assert.deepEqual(growing.value({ output: "late-key-77" }), { output: "***" });
    assert.equal(growing.longest, "late-key-77".length);
    SecretMask.none.addSecrets(["hunter2"]);
    assert.ok(SecretMask.none.empty);
  });
});

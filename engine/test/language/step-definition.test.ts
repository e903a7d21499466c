import assert from "node:assert/strict";
import fc from "fast-check";
import { stepDefinitionDigests } from "../../src/language/definition/step-definition-digests";
import { parseDocument } from "../../src/language/parse";
import type { ParsedDocument } from "../../src/language/scope";

/**
 * Steps with properties over several lines, reading params, a var and the
 * environment, calling a command: their strings hold no whitespace, so every
 * whitespace character of the text lies between tokens, where a comment may go.
 */
const BASE = `command copy(src: string, dst: string) {
  run: "cp \${src} \${dst}"
}

workflow w {
  param region: string = "eu"
  param count: int = 3
  var target = "out/\${region}"
  env: { REGION: region }
  step a {
    description: "first"
    run: copy(
      src: "a.txt",
      dst: target
    )
    rollback: "rm -f \${target}"
  }
  step b {
    needs: [
      a
    ]
    retries: count
    run: "echo \${env.REGION}"
  }
  step c {
    needs: [a, b]
    when: steps.b.output == "eu"
    run: log(message: "done")
  }
}
`;

/** Offsets of whitespace outside strings: where a comment can go without changing what the file says. */
function commentSlots(text: string): number[] {
  const slots: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && text[i - 1] !== "\\") inString = !inString;
    else if (!inString && (c === " " || c === "\n")) slots.push(i);
  }
  return slots;
}

const SLOTS = commentSlots(BASE);

/** `BASE` with a comment before each chosen slot: a line comment where a line ends, a block comment anywhere. */
function withComments(chosen: ReadonlyMap<number, "line" | "block">): string {
  let text = "";
  let at = 0;
  for (const slot of [...chosen.keys()].sort((x, y) => x - y)) {
    const kind = BASE[slot] === "\n" ? chosen.get(slot) : "block";
    text += BASE.slice(at, slot) + (kind === "line" ? " // note, } ) ]" : " /* a ] } comment */");
    at = slot;
  }
  return text + BASE.slice(at);
}

function digestsOf(text: string): Record<string, string> | undefined {
  const parsed = parseDocument(text, "/w.momoflow");
  assert.deepEqual(parsed.diagnostics, [], text);
  const document: ParsedDocument = {
    path: "/w.momoflow",
    text,
    file: parsed.file,
    syntaxDiagnostics: [],
  };
  return stepDefinitionDigests("/w.momoflow", "w", (p) =>
    p === "/w.momoflow" ? document : undefined,
  );
}

describe("step definitions: comments and whitespace are not part of what a step runs", () => {
  const plain = digestsOf(BASE);

  it("gives each step a digest", () => {
    assert.deepEqual(Object.keys(plain ?? {}).sort(), ["a", "b", "c"]);
  });

  it("gives the same digests wherever comments are added, also many in one property", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...SLOTS), { maxLength: 40 }),
        fc.array(fc.constantFrom<"line" | "block">("line", "block"), {
          minLength: 40,
          maxLength: 40,
        }),
        (slots, kinds) => {
          const chosen = new Map(slots.map((slot, i) => [slot, kinds[i]!]));
          assert.deepEqual(digestsOf(withComments(chosen)), plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("changes a step's digest when what it runs changes, and only that step's", () => {
    const changed = digestsOf(
      BASE.replace('run: "echo ${env.REGION}"', 'run: "echo ${env.REGION}!"'),
    );
    assert.equal(changed?.a, plain?.a);
    assert.notEqual(changed?.b, plain?.b);
    assert.equal(changed?.c, plain?.c);
  });
});

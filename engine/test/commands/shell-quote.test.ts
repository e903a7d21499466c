import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { useTempDir } from "../support/temp-dir";
import {
  interpolateShell,
  parseShellTemplate,
  shellQuote,
  shellTemplateRefs,
} from "../../src/commands/shell-quote";
import { runShell } from "../../src/commands/shell-process";
import { ShellContextTracker } from "../../src/commands/shell-position";

const INJECTION = "x; touch pwned $(touch p2)";
// Every character the shell treats specially, and a line that would end a here-document.
const NASTY = `${INJECTION} \`touch p3\` "dq" 'sq' \\ $HOME * ~ # ; | & > < ( ) {a,b}\nnext line`;

describe("shellQuote", () => {
  const cases: [unknown, string][] = [
    ["plain-word_1.txt", "plain-word_1.txt"],
    ["a/b:c@d%e+f,g", "a/b:c@d%e+f,g"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["", "''"],
    ["a=b", "'a=b'"],
    ["~", "'~'"],
    [INJECTION, "'x; touch pwned $(touch p2)'"],
    [42, "42"],
    [-2.5, "-2.5"],
    [true, "true"],
    [null, "''"],
    [undefined, "''"],
    [["a b", "c", 3], "'a b' c 3"],
    [[], ""],
    [{ k: "v w" }, `'{"k":"v w"}'`],
  ];
  for (const [value, quoted] of cases) {
    it(`quotes ${JSON.stringify(value) ?? "undefined"} as ${quoted || "nothing"}`, () => {
      assert.equal(shellQuote(value), quoted);
    });
  }
});

describe("parseShellTemplate", () => {
  it("splits text and references; \\$ is a literal dollar", () => {
    assert.deepEqual(parseShellTemplate("echo ${ name } \\${HOME} $PATH ${steps.build.output}!"), [
      { text: "echo " },
      { ref: "name" },
      { text: " ${HOME} $PATH " },
      { ref: "steps.build.output" },
      { text: "!" },
    ]);
    assert.deepEqual(shellTemplateRefs("a ${x} ${env.Y}"), ["x", "env.Y"]);
  });

  it("rejects an interpolation that is not one reference", () => {
    assert.throws(() => parseShellTemplate("echo ${a + b}"), /"\$\{a \+ b\}" is not a reference/);
    assert.throws(() => parseShellTemplate("echo ${}"), /is not a reference/);
    assert.throws(
      () => parseShellTemplate("echo ${a"),
      /unterminated "\$\{" in shell template at offset 5/,
    );
  });
});

describe("interpolateShell", () => {
  const dir = useTempDir("momoflow-quote-");

  /** Runs a template for real with ${v} = value; returns the output. */
  async function run(template: string, value: unknown): Promise<string> {
    const script = interpolateShell(template, (ref) => (ref === "v" ? value : undefined));
    return (await runShell(script, { cwd: dir() })).output;
  }

  // Each template prints what it received between brackets, one argument per line.
  const contexts: [string, string, (value: string) => string][] = [
    ["unquoted", "printf '[%s]\\n' ${v}", (v) => `[${v}]`],
    ["in double quotes", "printf '[%s]\\n' \"<${v}>\"", (v) => `[<${v}>]`],
    ["in single quotes", "printf '[%s]\\n' '<${v}>'", (v) => `[<${v}>]`],
    ["in $( )", "printf '[%s]\\n' \"$(printf '%s' ${v})\"", (v) => `[${v}]`],
    ["in $( ) in double quotes", 'printf \'[%s]\\n\' "a$(printf "%s" ${v})b"', (v) => `[a${v}b]`],
    ["in a here-document", "cat <<EOF\n[${v}]\nEOF", (v) => `[${v}]`],
    ["in a quoted here-document", "cat <<'EOF'\n[${v}] $HOME\nEOF", (v) => `[${v}] $HOME`],
    ["after a comment", "# note: ${v}\nprintf '[%s]\\n' ${v}", (v) => `[${v}]`],
    [
      "in a case inside $( )",
      "r=$(case a in a) printf '%s' ${v};; esac)\nprintf '[%s]\\n' \"$r\"",
      (v) => `[${v}]`,
    ],
    [
      "beside an arithmetic shift",
      "n=$((1 << 3)); printf '[%s]\\n' \"$n\" ${v}",
      (v) => `[8]\n[${v}]`,
    ],
  ];
  for (const [where, template, expected] of contexts) {
    it(`keeps a value literal ${where}`, async () => {
      for (const value of ["hello world", INJECTION, NASTY]) {
        assert.equal(await run(template, value), expected(value), `value ${JSON.stringify(value)}`);
      }
      assert.deepEqual(readdirSync(dir()), [], "the value must not have run anything");
    });
  }

  it("passes the injection attempt as one literal argument", async () => {
    assert.equal(await run("printf '[%s]\\n' ${v}", INJECTION), `[${INJECTION}]`);
    assert.deepEqual(readdirSync(dir()), []);
  });

  it("passes a list as one argument per element", async () => {
    assert.equal(await run("printf '[%s]\\n' ${v}", ["a b", "it's", 3]), "[a b]\n[it's]\n[3]");
    assert.equal(await run("printf '[%s]\\n' \"${v}\"", ["a b", "c"]), "[a b c]");
  });

  it("accepts template parts from a parser", () => {
    const script = interpolateShell([{ text: "echo " }, { ref: "who" }], () => "a b");
    assert.equal(script, "echo 'a b'");
  });

  it("refuses a value that would end a here-document early", () => {
    assert.throws(
      () => interpolateShell("cat <<EOF\n${v}\nEOF\n", () => "a\nEOF\ntouch pwned"),
      /would end the here-document "EOF" early/,
    );
  });

  it("refuses a value in backquotes, where bash and dash undo backslashes differently", () => {
    assert.throws(
      () => interpolateShell("printf '[%s]\\n' \"`printf '%s' ${v}`\"", () => "hello"),
      /"\$\{v\}" is inside backquotes, .*; write \$\(\.\.\.\) instead of backquotes/,
    );
  });

  it("names the reference and says what to write instead", () => {
    assert.throws(
      () => interpolateShell('echo "price: $${price}"', () => "5"),
      /"\$\{price\}" stands right after "\$".*; for a literal "\$" before it write \\\\\$\$\{price\}/,
    );
    assert.throws(
      () => interpolateShell("echo $(( 1 + ${n} ))", () => "a[$(touch M)]"),
      /"\$\{n\}" is inside shell arithmetic.*declare it as an int or number/,
    );
    assert.equal(
      interpolateShell("echo $(( 1 + ${n} ))", () => 2),
      "echo $(( 1 + 2 ))",
    );
  });

  it("refuses a reference without a value", () => {
    assert.throws(
      () => interpolateShell("echo ${nope}", () => undefined),
      /no value for "\$\{nope\}"/,
    );
  });
});

describe("ShellContextTracker without its script", () => {
  // Scripts that move through every kind of place a value can land in.
  const SCRIPTS = [
    "echo \"a ${x}\" 'b' $((1 + ",
    "cat <<EOF\nline $(date) `id`\nEOF\nlet i=",
    "case $a in x) echo ${b:-",
    "[[ -n $a ]] && arr=( [1]=",
    "# comment\nprintf '%s' \\",
  ];

  it("finds each value's place as the tracker that keeps its script does, and keeps nothing", () => {
    for (const script of SCRIPTS) {
      const kept = new ShellContextTracker();
      const bare = new ShellContextTracker({ keepScript: false });
      // Character by character: the place after each prefix of the script.
      for (const c of script) {
        kept.text(c);
        bare.text(c);
        for (const numeric of [true, false]) {
          assert.deepEqual(bare.refusal({ numeric }), kept.refusal({ numeric }), script);
        }
        assert.equal(bare.position(), kept.position(), script);
      }
      assert.equal(bare.result(), "");
      assert.equal(kept.result(), script);
    }
  });
});

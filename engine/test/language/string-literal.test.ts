import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Range, StringLiteral, StringPart } from "../../src/language/ast";
import { LineIndex } from "../../src/language/line-index";
import { parseDocument } from "../../src/language/parse";
import { plainStringParts, readStringLiteral, stringText } from "../../src/language/string-literal";

/** `"1:2-1:5"` → the LSP range. */
function r(text: string): Range {
  const [start, end] = text.split("-") as [string, string];
  const [sl, sc] = start.split(":").map(Number) as [number, number];
  const [el, ec] = end.split(":").map(Number) as [number, number];
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

/** Reads the string written at offset 0 of `text` (a whole document). */
function read(text: string) {
  const triple = text.startsWith('"""');
  const quotes = triple ? 3 : 1;
  const terminated = text.length >= 2 * quotes && text.endsWith(triple ? '"""' : '"');
  return readStringLiteral({ image: text, offset: 0, triple, terminated }, new LineIndex(text));
}

function text(value: string): StringPart {
  return { kind: "text", value };
}

/** The string value of `key` in a one-step workflow holding `body`. */
function valueOf(source: string): { value: StringLiteral; messages: string[] } {
  const { file, diagnostics } = parseDocument(source, "/w.momoflow");
  const value = file.workflows[0]!.steps[0]!.properties[0]!.value;
  assert.equal(value?.kind, "string");
  return { value: value as StringLiteral, messages: diagnostics.map((d) => d.message) };
}

describe("string literals", () => {
  it("give their text as written: cooked literal text, interpolations as `${ref}`", () => {
    const { value } = valueOf(
      'workflow w {\n  step s {\n    description: "a\\tb ${ steps.x.output } and ${env.HOME}"\n  }\n}\n',
    );
    assert.equal(stringText(value), "a\tb ${steps.x.output} and ${env.HOME}");
  });

  it("gives the same ranges from the token's start as from a search of the lines", () => {
    const source =
      'workflow w {\n  step s {\n    description: "a \\"${ x.y }\\" ${bad ref} ${steps.s.output}"\n  }\n}\n';
    const { value, messages } = valueOf(source);
    const offset = source.indexOf('"a ');
    const image = source.slice(offset, source.indexOf("\n", offset));
    const searched = readStringLiteral(
      { image, offset, triple: false, terminated: true },
      new LineIndex(source),
    );
    assert.deepEqual(value.parts, searched.parts);
    assert.deepEqual(
      messages,
      searched.problems.map((p) => p.message),
    );
    assert.equal(value.parts.length, 6);
    assert.equal(messages.length, 1);
  });

  it("reads plain text", () => {
    assert.deepEqual(read('"hello world"'), { parts: [text("hello world")], problems: [] });
    assert.deepEqual(read('""'), { parts: [], problems: [] });
  });

  it('cooks the escapes \\" \\\\ \\n \\t and \\$', () => {
    assert.deepEqual(read('"a\\"b\\\\c\\nd\\te\\$f"').parts, [text('a"b\\c\nd\te$f')]);
  });

  it("reads `\\${` as a literal dollar and brace, and a lone `$` as itself", () => {
    const result = read('"cost: \\${x} $HOME $"');
    assert.deepEqual(result.parts, [text("cost: ${x} $HOME $")]);
    assert.deepEqual(result.problems, []);
  });

  it("reports an unknown escape in a quoted string on the escape", () => {
    const result = read('"C:\\path"');
    assert.deepEqual(result.parts, [text("C:\\path")]);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!.message, /^unknown escape `\\p`/);
    assert.deepEqual(result.problems[0]!.range, r("0:3-0:5"));
  });

  it("splits interpolations out, with the exact range of every segment", () => {
    //          0123456789012345678901234567
    const src = '"a ${steps.build.output} b"';
    const result = read(src);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.parts, [
      text("a "),
      {
        kind: "interpolation",
        range: r("0:3-0:24"),
        ref: {
          kind: "ref",
          range: r("0:5-0:23"),
          segments: [
            { text: "steps", range: r("0:5-0:10") },
            { text: "build", range: r("0:11-0:16") },
            { text: "output", range: r("0:17-0:23") },
          ],
        },
      },
      text(" b"),
    ]);
  });

  it("allows spaces around the reference of an interpolation", () => {
    const result = read('"${ name }"');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.parts, [
      {
        kind: "interpolation",
        range: r("0:1-0:10"),
        ref: {
          kind: "ref",
          range: r("0:4-0:8"),
          segments: [{ text: "name", range: r("0:4-0:8") }],
        },
      },
    ]);
  });

  it("maps ranges after escapes to the document, not to the cooked text", () => {
    //           0 1 2 3 4 5 6 7 8 9
    const src = '"\\"\\t${x}"';
    const result = read(src);
    assert.deepEqual(result.parts, [
      text('"\t'),
      {
        kind: "interpolation",
        range: r("0:5-0:9"),
        ref: { kind: "ref", range: r("0:7-0:8"), segments: [{ text: "x", range: r("0:7-0:8") }] },
      },
    ]);
  });

  describe("malformed interpolations", () => {
    const cases: [string, string, string][] = [
      ["an operator", '"a ${a +b} b"', "0:3-0:10"],
      ["a call of two values", '"${f(x, y)}"', "0:1-0:11"],
      ["a string", '"""${"x"}"""', "0:3-0:9"],
    ];
    for (const [what, src, where] of cases) {
      it(`reports ${what} on the interpolation's own range`, () => {
        const result = read(src);
        assert.equal(result.problems.length, 1);
        assert.match(result.problems[0]!.message, /^an interpolation holds exactly one reference/);
        assert.deepEqual(result.problems[0]!.range, r(where));
        const interpolation = result.parts.find((part) => part.kind === "interpolation");
        assert.deepEqual(interpolation, { kind: "interpolation", ref: undefined, range: r(where) });
      });
    }

    // The shell's own expansions, copied from a script: how to leave them to the shell.
    for (const inner of [
      "SKIP:-none",
      "#PATH",
      "HOME%%/*",
      "1",
      "x:2:3",
      "!ref",
      "@",
      "name/a/b",
    ]) {
      it(`says \`\${${inner}}\` is the shell's own expansion, and how to write it`, () => {
        const result = read(`"""echo \${${inner}}"""`);
        assert.equal(result.problems.length, 1);
        assert.equal(
          result.problems[0]!.message,
          `\`\${${inner}}\` is the shell's own expansion, not an interpolation: write \`\\\${${inner}}\` for the shell to expand it (\`\${env.NAME}\` reads the run's environment, \`\${name}\` a param or var)`,
        );
      });
    }

    // What is missing, and where: the whole `${}`, the reference with its dot, the call.
    const missing: [string, string, string, RegExp][] = [
      ["empty", '"a ${} b"', "0:3-0:6", /^empty `\$\{\}`: write what to insert inside/],
      ["blank", '"a ${  } b"', "0:3-0:8", /^empty `\$\{\}`/],
      ["a trailing dot", '"${a.}"', "0:3-0:5", /^`a\.` needs a field name after the dot$/],
      [
        "steps. alone",
        '"x ${ steps. }"',
        "0:6-0:12",
        /^`steps\.` needs a step's id after the dot: `\$\{steps\.build\.output\}`$/,
      ],
      [
        "a step without its field",
        '"${steps.build.}"',
        "0:3-0:15",
        /^`steps\.build\.` needs `output` \(`outputs` for a fan-out step\) after the dot$/,
      ],
      [
        "a JSON output's field",
        '"${steps.s.output.sites[0].}"',
        "0:3-0:27",
        /^`steps\.s\.output\.sites\[0\]\.` needs a field of the JSON output after the dot: `\$\{steps\.s\.output\.sites\[0\]\.name\}`$/,
      ],
      ["env.", '"${env.}"', "0:3-0:7", /^`env\.` needs the name of an environment variable/],
      ["run.", '"${run.}"', "0:3-0:7", /^`run\.` needs `id` or `dir` after the dot$/],
      ["workflow.", '"${workflow.}"', "0:3-0:12", /^`workflow\.` needs `name` or `dir`/],
      [
        "params.",
        '"${params.}"',
        "0:3-0:10",
        /^`params\.` needs a name after the dot, but a param is written by its name alone: `\$\{target\}`/,
      ],
      [
        "a function of nothing",
        '"${json( )}"',
        "0:3-0:10",
        /^`json\(\)` needs a reference inside its parentheses, such as `\$\{json\(names\)\}`$/,
      ],
      ["a dot in a function", '"${basename(steps.)}"', "0:12-0:18", /^`steps\.` needs a step's id/],
    ];
    for (const [what, src, where, message] of missing) {
      it(`says what is missing from ${what}, on its own range`, () => {
        const result = read(src);
        assert.equal(result.problems.length, 1);
        assert.match(result.problems[0]!.message, message);
        assert.deepEqual(result.problems[0]!.range, r(where));
        const interpolation = result.parts.find((part) => part.kind === "interpolation");
        assert.equal(interpolation?.kind === "interpolation" && interpolation.ref, undefined);
      });
    }

    it("reports an unterminated `${` up to the end of the string", () => {
      const result = read('"a ${name b"');
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0]!.message, /^unterminated interpolation: add a closing `}`/);
      assert.match(result.problems[0]!.message, /an interpolation holds exactly one reference/);
      assert.deepEqual(result.problems[0]!.range, r("0:3-0:11"));
      assert.deepEqual(result.parts, [
        text("a "),
        { kind: "interpolation", ref: undefined, range: r("0:3-0:11") },
      ]);
    });
  });

  describe('"""', () => {
    it("drops the first line break, the last blank line and the common indentation", () => {
      const src = ['"""', "    mkdir -p out", "      echo hi", "", "    done", '  """'].join("\n");
      assert.deepEqual(read(src).parts, [text("mkdir -p out\n  echo hi\n\ndone")]);
    });

    it("keeps text on the opening line as written, and ignores it for the indentation", () => {
      const src = ['"""first', "    second", "      third", '    """'].join("\n");
      assert.deepEqual(read(src).parts, [text("first\nsecond\n  third")]);
    });

    it("writes line breaks as \\n whatever the file uses", () => {
      const src = '"""\r\n  a\r\n  b\r\n"""';
      assert.deepEqual(read(src).parts, [text("a\nb")]);
    });

    it("strips tabs like spaces, and blank lines count for nothing", () => {
      const src = '"""\n\t\ta\n\n\t\t\tb\n"""';
      assert.deepEqual(read(src).parts, [text("a\n\n\tb")]);
    });

    it("keeps unknown escapes as written, for scripts", () => {
      const src = '"""\n  grep "\\d" \\\n    file\n"""';
      const result = read(src);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.parts, [text('grep "\\d" \\\n  file')]);
    });

    it("cooks the known escapes", () => {
      assert.deepEqual(read('"""a\\tb \\${x} \\"""c"""').parts, [text('a\tb ${x} """c')]);
    });

    it("is empty when it holds only blank lines", () => {
      assert.deepEqual(read('"""\n   \n"""').parts, []);
      assert.deepEqual(read('""""""').parts, []);
    });

    it("keeps the exact document range of interpolations after stripping", () => {
      const source = [
        "workflow w {",
        "  step s {",
        '    run: """',
        "      mkdir -p ${out}",
        '      echo "<h1>${ target }</h1>" > ${out}/index.html',
        '    """',
        "  }",
        "}",
      ].join("\n");
      const { value, messages } = valueOf(source);
      assert.deepEqual(messages, []);
      assert.equal(value.triple, true);
      assert.deepEqual(value.range, r("2:9-5:7"));
      const ref = (name: string, at: string) => ({
        kind: "ref" as const,
        range: r(at),
        segments: [{ text: name, range: r(at) }],
      });
      assert.deepEqual(value.parts, [
        text("mkdir -p "),
        { kind: "interpolation", range: r("3:15-3:21"), ref: ref("out", "3:17-3:20") },
        text('\necho "<h1>'),
        { kind: "interpolation", range: r("4:16-4:27"), ref: ref("target", "4:19-4:25") },
        text('</h1>" > '),
        { kind: "interpolation", range: r("4:36-4:42"), ref: ref("out", "4:38-4:41") },
        text("/index.html"),
      ]);
    });

    it("reports a malformed interpolation on its document range", () => {
      const source = [
        "workflow w {",
        "  step s {",
        '    run: """',
        "      echo ${a + b}",
        '    """',
        "  }",
        "}",
      ].join("\n");
      const { file, diagnostics } = parseDocument(source, "/w.momoflow");
      assert.equal(file.workflows[0]!.steps[0]!.properties[0]!.value?.kind, "string");
      assert.equal(diagnostics.length, 1);
      assert.deepEqual(diagnostics[0]!.range, r("3:11-3:19"));
      assert.equal(diagnostics[0]!.code, "MF001");
    });
  });
});

describe("plainStringParts", () => {
  it("reads a string without escapes or interpolations as the reader does, and no other", () => {
    const plain = ['"abc"', '""', '"a $ b { }"', '"unterminated'];
    for (const image of plain) {
      const terminated = image.length >= 2 && image.endsWith('"');
      assert.deepEqual(plainStringParts(image, false, terminated), read(image).parts, image);
    }
    for (const image of ['"a\\tb"', '"${x}"', '"""abc"""']) {
      const triple = image.startsWith('"""');
      assert.equal(plainStringParts(image, triple, true), undefined, image);
    }
  });
});

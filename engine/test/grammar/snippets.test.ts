import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** `snippets/momoflow.json`: well-formed snippets that expand to `.momoflow` syntax. */

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const snippets = JSON.parse(
  readFileSync(resolve(__dirname, "../../../snippets/momoflow.json"), "utf8"),
) as Record<string, Snippet>;

/**
 * Expands a snippet body the way the editor shows it before any typing:
 * placeholders become their default text, choices their first option.
 * Throws on malformed snippet syntax.
 */
function expand(body: string): { text: string; tabstops: Set<number> } {
  const tabstops = new Set<number>();
  let i = 0;
  const readNumber = (): number => {
    const digits = /^\d+/.exec(body.slice(i))?.[0];
    if (!digits) throw new Error(`expected a tabstop number at ${i}: ${body}`);
    i += digits.length;
    return Number(digits);
  };
  // Reads text until one of `stops` (unescaped), expanding nested placeholders.
  const readText = (stops: string): string => {
    let out = "";
    while (i < body.length && !stops.includes(body[i]!)) {
      const ch = body[i]!;
      if (ch === "\\" && i + 1 < body.length && "$}\\".includes(body[i + 1]!)) {
        out += body[i + 1];
        i += 2;
      } else if (ch === "$" && /\d/.test(body[i + 1] ?? "")) {
        i++;
        tabstops.add(readNumber());
      } else if (ch === "$" && body[i + 1] === "{") {
        i += 2;
        tabstops.add(readNumber());
        if (body[i] === "}") {
          i++;
        } else if (body[i] === ":") {
          i++;
          out += readText("}");
          if (body[i] !== "}") throw new Error(`unclosed placeholder: ${body}`);
          i++;
        } else if (body[i] === "|") {
          const end = body.indexOf("|}", i + 1);
          if (end === -1) throw new Error(`unclosed choice: ${body}`);
          const options = body.slice(i + 1, end).split(",");
          assert.ok(options.length > 1 && options.every((o) => o !== ""), `bad choice: ${body}`);
          out += options[0];
          i = end + 2;
        } else {
          throw new Error(`malformed placeholder at ${i}: ${body}`);
        }
      } else {
        out += ch;
        i++;
      }
    }
    return out;
  };
  const text = readText("");
  return { text, tabstops };
}

function balanced(text: string): boolean {
  // Strings first (their content may hold anything), then the brackets.
  const code = text.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"/g, "STRING");
  if (code.includes('"')) return false;
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  for (const ch of code) {
    if ("([{".includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

describe("snippets/momoflow.json", () => {
  const entries = Object.entries(snippets);

  it("has a snippet for every declaration and member", () => {
    const prefixes = entries.map(([, s]) => s.prefix);
    for (const required of [
      "import",
      "command",
      "workflow",
      "step",
      "param",
      "var",
      "test",
      "expect",
    ]) {
      assert.ok(prefixes.includes(required), `no "${required}" snippet`);
    }
    assert.equal(new Set(prefixes).size, prefixes.length, "duplicate prefixes");
  });

  for (const [name, snippet] of entries) {
    it(`${name}: well-formed, described, and expands to balanced syntax`, () => {
      assert.equal(typeof snippet.prefix, "string");
      assert.ok(snippet.description.length >= 20, "describe what the snippet inserts");
      assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0);
      const { text, tabstops } = expand(snippet.body.join("\n"));
      const numbered = [...tabstops].filter((n) => n > 0).sort((a, b) => a - b);
      assert.deepEqual(
        numbered,
        numbered.map((_, k) => k + 1),
        "tabstops are not 1..n",
      );
      assert.ok(balanced(text), `unbalanced expansion:\n${text}`);
      // `step-script` expands to `step ...`, `expect-status` to `expect status ...`
      const [keyword, variant] = snippet.prefix.split("-");
      const start = keyword === "expect" && variant ? `expect ${variant} ` : `${keyword} `;
      assert.ok(text.startsWith(start), `expansion does not start with "${start}"`);
    });
  }

  it("offers every subject in the expect snippet and every status in the status one", () => {
    const expect = snippets["Expect"]!.body.join("\n");
    assert.match(expect, /\$\{1\|status,step,output,file,duration,memory\|\}/);
    const status = snippets["Expect status"]!.body.join("\n");
    assert.match(status, /success,failed,rolled_back,partially_rolled_back,cancelled/);
  });
});

import { isExactNumber } from "./exact-number";

/** A value to hide, and what stands in its place. */
export interface MaskedValue {
  value: string;
  /** Default `***`. */
  replacement?: string;
}

/** What a secret's value is replaced with. */
export const MASK = "***";

/**
 * Hides values in text before it is written anywhere (the terminal, the run
 * record, the logs), as GitHub Actions does with secrets. Each value is also
 * found as a shell script writes it (`'\''`-escaped, `\`-escaped inside
 * double quotes) and as a JSON string writes it, so a resolved command line in
 * an error message gives nothing away either. Where two values start at the
 * same place, the longer is replaced.
 *
 * ```ts
 * const mask = SecretMask.of(["s3cr3t"]);
 * mask.text("token=s3cr3t"); // "token=***"
 * ```
 */
export class SecretMask {
  /** Longest first: at one position the longest value wins. */
  private entries: readonly { value: string; replacement: string }[] = [];
  /** Each written form hidden, and its replacement. */
  private readonly byText = new Map<string, string>();
  /** Longest value: a stream holds back at most one character less. */
  private longestValue = 0;
  /**
   * The values added, each once: a run adds a call's secret arguments again
   * at each called step, and the written forms of a value of megabytes (a
   * step's whole output) take seconds to make.
   */
  private readonly values = new Set<string>();

  constructor(values: Iterable<MaskedValue>) {
    this.add(values);
  }

  /** A mask replacing each of `secrets` with `***` (empty strings are ignored). */
  static of(secrets: Iterable<string>): SecretMask {
    return new SecretMask([...secrets].map((value) => ({ value })));
  }

  /** A mask that hides nothing (a new one each time: a run's mask may grow). */
  static get none(): SecretMask {
    return new SecretMask([]);
  }

  /** Longest value: a stream holds back at most one character less. */
  get longest(): number {
    return this.longestValue;
  }

  /**
   * Hides `values` too, from now on: a run's mask grows when a value becomes
   * a secret during the run (a step's output given to a called workflow's
   * `secret` param). What was written before is not taken back; the places
   * that hold this mask (the record, the terminal, the logs) mask the new
   * values in all they write next. Values already hidden change nothing.
   */
  add(values: Iterable<MaskedValue>): void {
    let added = false;
    for (const { value, replacement = MASK } of values) {
      if (value === "" || this.values.has(value)) continue;
      this.values.add(value);
      for (const form of writtenForms(value)) {
        if (this.byText.has(form)) continue;
        this.byText.set(form, replacement);
        added = true;
      }
    }
    if (!added) return;
    this.entries = [...this.byText]
      .map(([value, replacement]) => ({ value, replacement }))
      .sort((a, b) => b.value.length - a.value.length);
    this.longestValue = this.entries[0]?.value.length ?? 0;
  }

  /** {@link add} for secrets shown as `***`. */
  addSecrets(secrets: Iterable<string>): void {
    this.add([...secrets].map((value) => ({ value })));
  }

  /** True when there is nothing to hide: masking is then the identity. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /**
   * Whether an output read back from a run record may have had a secret
   * replaced there: with secrets to hide, one that holds `***`. A step given
   * such an output instead of running (reused, up to date) would hand later
   * steps the mask, not the value, so it runs.
   */
  mayHaveHidden(recorded: unknown): boolean {
    if (this.empty || recorded === undefined) return false;
    return (JSON.stringify(recorded) ?? "").includes(MASK);
  }

  /** `text` with every value replaced. */
  text(text: string): string {
    if (this.empty) return text;
    const stream = this.stream();
    return stream.write(text) + stream.end();
  }

  /**
   * A copy of a JSON-like value with every string masked, and the keys of
   * what is data (a step's output, an item, a map value) too; not the keys of
   * the record's own structure nor its own words (`type`, `status`, `kind`,
   * step ids). The value itself is returned when there is nothing to hide.
   */
  value<T>(value: T): T {
    if (this.empty) return value;
    return this.deep(value) as T;
  }

  /** A masking stream: for text that arrives in chunks (a process's output). */
  stream(): MaskStream {
    return new MaskStream(this);
  }

  /**
   * Masks from the start of `text`: what can be written now, and how much of
   * `text` is held back because it may be the start of a value (at most
   * {@link longest} - 1 characters). With `final`, nothing is held back.
   */
  scan(text: string, final: boolean): { out: string; held: number } {
    // As a scan position by position, trying the values longest first, would
    // do; but the text between values is copied in slices, not a character
    // at a time (20 MB of output made 20 million strings to collect).
    const entries = this.entries;
    const next = entries.map((entry) => text.indexOf(entry.value));
    // Only this close to the end can the text be the start of a longer value.
    const tail = Math.max(0, text.length - this.longestValue + 1);
    let out = "";
    let from = 0;
    for (;;) {
      let at = -1;
      let found = -1;
      for (let k = 0; k < entries.length; k++) {
        const p = next[k]!;
        if (p >= 0 && (at < 0 || p < at)) [at, found] = [p, k];
      }
      const end = at < 0 ? text.length : at;
      if (!final) {
        for (let q = Math.max(from, tail); q < end; q++)
          if (this.mayStartAt(text, q))
            return { out: out + text.slice(from, q), held: text.length - q };
      }
      if (at < 0) return { out: out + text.slice(from), held: 0 };
      const entry = entries[found]!;
      out += text.slice(from, at) + entry.replacement;
      from = at + entry.value.length;
      for (let k = 0; k < entries.length; k++)
        if (next[k]! >= 0 && next[k]! < from) next[k] = text.indexOf(entries[k]!.value, from);
    }
  }

  /** Whether the rest of `text` from `i` is a proper start of some value. */
  private mayStartAt(text: string, i: number): boolean {
    const rest = text.length - i;
    if (rest >= this.longest) return false;
    const tail = text.slice(i);
    return this.entries.some((e) => e.value.length > rest && e.value.startsWith(tail));
  }

  /**
   * `inOutput`: inside a step's `output` (or `outputs`), where a number is what
   * a step printed — a secret PIN in `{"pin": 987654321}` of an `output: json`
   * step — and is masked as its text. Elsewhere numbers are the record's own
   * (attempts, sizes, times) and keep their type.
   */
  private deep(value: unknown, within: Within = "record"): unknown {
    if (typeof value === "string") return this.text(value);
    if (
      within === "output" &&
      (typeof value === "number" || typeof value === "bigint" || isExactNumber(value))
    ) {
      const text = String(value);
      const masked = this.text(text);
      return masked === text ? value : masked;
    }
    if (Array.isArray(value)) return value.map((item) => this.deep(item, within));
    // A number kept as written is one value, not an object to walk.
    if (isExactNumber(value)) return value;
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (within !== "record") out[this.text(key)] = this.deep(item, within);
        else if (OWN_WORDS.has(key) && isWords(item)) out[key] = item;
        else if (NAMED_VALUES.has(key) && isMap(item)) out[key] = this.namedValues(item);
        else out[key] = this.deep(item, DATA_FIELDS.get(key) ?? "record");
      }
      return out;
    }
    return value;
  }

  /** A map of names from the workflow (params, arguments, variables) to values: the values masked. */
  private namedValues(map: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(map)) out[name] = this.deep(item, "data");
    return out;
  }
}

/**
 * Where a value stands: in the structure of the record (its keys and its own
 * words are not masked: a short secret, "k", masked in them corrupted the
 * record, "wor***flow"), in a step's output (numbers masked too), or in other
 * data that came from the workflow or the steps (keys masked too).
 */
type Within = "record" | "output" | "data";

/** Fields that hold a step's outputs or other data, not the record's structure. */
const DATA_FIELDS: ReadonlyMap<string, Within> = new Map([
  ["output", "output"],
  ["outputs", "output"],
  ["item", "data"],
  ["rollbackData", "data"],
  ["data", "data"],
  ["value", "data"],
]);

/** Maps whose keys are names written in the workflow (params, arguments, variables) and whose values are data. */
const NAMED_VALUES: ReadonlySet<string> = new Set(["variables", "args", "env", "params"]);

/**
 * Fields of the run record whose values are momoflow's own words (an event's
 * type, a status, a recipe's kind and command) or the step ids the workflow file names,
 * which no secret is: masked, the record no longer matches its workflow.
 */
const OWN_WORDS: ReadonlySet<string> = new Set([
  "type",
  "status",
  "kind",
  "command",
  "step",
  "id",
  "instanceOf",
  "needs",
  "steps",
]);

/** A string, or a list of strings (step ids). */
function isWords(value: unknown): boolean {
  return (
    typeof value === "string" ||
    (Array.isArray(value) && value.every((item) => typeof item === "string"))
  );
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Masks text that arrives in chunks: a value split across two chunks is
 * masked all the same. Holds back at most `longest - 1` characters until the
 * next chunk (or {@link end}) shows whether they start a value.
 */
export class MaskStream {
  private pending = "";

  constructor(private readonly mask: SecretMask) {}

  /** What can be written of everything so far. */
  write(chunk: string): string {
    if (this.mask.empty) return chunk;
    const text = this.pending + chunk;
    const { out, held } = this.mask.scan(text, false);
    this.pending = held > 0 ? text.slice(text.length - held) : "";
    return out;
  }

  /** What is held back now, as it may be the start of a value ("" when nothing is). */
  get held(): string {
    return this.pending;
  }

  /** The rest: call once the text has ended. */
  end(): string {
    const { out } = this.mask.scan(this.pending, true);
    this.pending = "";
    return out;
  }
}

/**
 * A value as it is written raw, in a shell script's quotes, and inside a JSON
 * string; also as `${json(x)}` writes it (a JSON string) and a shell script
 * then quotes that.
 */
function writtenForms(value: string): string[] {
  // Each distinct form made once: a value of megabytes (a step's whole output) takes a while per form.
  const shell = new Set<string>();
  for (const text of new Set([value, jsonInside(value)]))
    for (const form of [text, text.replace(/'/g, `'\\''`), text.replace(/[\\"$`]/g, "\\$&")])
      shell.add(form);
  const forms = new Set(shell);
  for (const form of shell) forms.add(jsonInside(form));
  return [...forms];
}

/** `text` as it stands inside a JSON string, without the quotes. */
function jsonInside(text: string): string {
  return hasCharacter(text, jsonEscaped) ? JSON.stringify(text).slice(1, -1) : text;
}

/** What JSON.stringify writes otherwise inside a string: `"`, `\\`, control characters, (lone) surrogates. */
function jsonEscaped(c: number): boolean {
  return c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff);
}

/** What a shell script's quotes write otherwise: `'`, `"`, `\\`, `$`, `` ` ``. */
function shellEscaped(c: number): boolean {
  return c === 0x27 || c === 0x22 || c === 0x5c || c === 0x24 || c === 0x60;
}

function hasCharacter(text: string, which: (c: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) if (which(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Whether `value` has a written form other than itself (see {@link SecretMask}):
 * one without is found in a text as it is, or not at all.
 */
export function writtenOtherwise(value: string): boolean {
  return hasCharacter(value, (c) => jsonEscaped(c) || shellEscaped(c));
}

import { stringifyExactly } from "../runtime/exact-number";
import { ascii, JsonBytes } from "./json-bytes";
import { writeStepIdentity } from "./step-identity-bytes";
import { writeMetricsFromStartTime } from "./metrics-bytes";
import type { KeptMetricsBytes } from "./kept-metrics-bytes";
import type { ResultStep, RunResultFile } from "./result-file";

const INSTANCE_OF = ascii(',"instanceOf":');
const ITEM = ascii(',"item":');
const STATUS = ascii(',"status":');
const ATTEMPTS = ascii(',"attempts":');
const METRICS = ascii(',"metrics":{"startTime":');
// What most steps write from their status to their figures: one copy.
const SUCCESS_ONCE_METRICS = ascii(',"status":"success","attempts":1,"metrics":{"startTime":');
const ERROR = ascii(',"error":');
const OUTPUT = ascii(',"output":');
const LOG = ascii(',"log":');
const FINGERPRINT = ascii(',"fingerprint":');
const REUSED_FROM = ascii(',"reusedFrom":');
const CHANGED_SINCE = ascii(',"changedSince":');
const UP_TO_DATE = ascii(',"upToDate":');
const REASON = ascii(',"reason":');
const WORKER = ascii(',"worker":');
const EARLIER_UNDONE = ascii(',"earlierUndone":');

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** About what one step of a large run takes in the file: room made once, not grown step by step. */
const BYTES_PER_STEP = 320;

/**
 * A run's `result.json`, compact, as bytes with its final newline: what
 * `JSON.stringify(file) + "\n"` gives, byte for byte, for a file built by
 * `buildResultFile` in the run that made its steps' metrics — without
 * serializing the steps through `JSON.stringify`, which costs a large run
 * more than a microsecond per step. Every field of {@link ResultStep} is
 * written; outputs and items (any JSON value) through `JSON.stringify`.
 * A step's metrics are copied from `kept` when its journal line's bytes for
 * that very object are there.
 */
export function resultFileBytes(file: RunResultFile, kept?: KeptMetricsBytes): Buffer {
  const out = new JsonBytes(4096 + file.steps.length * BYTES_PER_STEP);
  out.byte(OPEN);
  let first = true;
  for (const key of Object.keys(file) as (keyof RunResultFile)[]) {
    if (key === "steps") {
      if (!first) out.byte(COMMA);
      out.string(key);
      out.byte(COLON);
      writeSteps(out, file.steps, kept);
    } else {
      const json = stringifyExactly(file[key]);
      if (json === undefined) continue;
      if (!first) out.byte(COMMA);
      out.string(key);
      out.byte(COLON);
      out.text(json);
    }
    first = false;
  }
  out.byte(CLOSE);
  out.byte(NEWLINE);
  return out.view();
}

function writeSteps(
  out: JsonBytes,
  steps: readonly ResultStep[],
  kept: KeptMetricsBytes | undefined,
): void {
  out.byte(OPEN_ARRAY);
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) out.byte(COMMA);
    writeStep(out, steps[i]!, kept);
  }
  out.byte(CLOSE_ARRAY);
}

/** One step, in the order `buildResultFile` sets its fields. */
function writeStep(out: JsonBytes, s: ResultStep, kept: KeptMetricsBytes | undefined): void {
  writeStepIdentity(out, s);
  if (s.instanceOf !== undefined) {
    out.raw(INSTANCE_OF);
    out.string(s.instanceOf);
  }
  valueField(out, ITEM, s.item);
  if (s.status === "success" && s.attempts === 1) out.raw(SUCCESS_ONCE_METRICS);
  else {
    out.raw(STATUS);
    out.string(s.status);
    out.raw(ATTEMPTS);
    out.number(s.attempts);
    out.raw(METRICS);
  }
  if (kept === undefined || !kept.copyTo(out, s.metrics)) writeMetricsFromStartTime(out, s.metrics);
  stringField(out, ERROR, s.error);
  valueField(out, OUTPUT, s.output);
  stringField(out, LOG, s.log);
  stringField(out, FINGERPRINT, s.fingerprint);
  stringField(out, REUSED_FROM, s.reusedFrom);
  stringField(out, CHANGED_SINCE, s.changedSince);
  if (s.upToDate !== undefined) {
    out.raw(UP_TO_DATE);
    out.boolean(s.upToDate);
  }
  stringField(out, REASON, s.reason);
  stringField(out, WORKER, s.worker);
  valueField(out, EARLIER_UNDONE, s.earlierUndone);
  out.byte(CLOSE);
}

function stringField(out: JsonBytes, key: Uint8Array, value: string | undefined): void {
  if (value === undefined) return;
  out.raw(key);
  out.string(value);
}

/** A field holding any JSON value; left out, as JSON.stringify does, when the value has no JSON. */
function valueField(out: JsonBytes, key: Uint8Array, value: unknown): void {
  if (value === undefined) return;
  const json = stringifyExactly(value);
  if (json === undefined) return;
  out.raw(key);
  out.text(json);
}

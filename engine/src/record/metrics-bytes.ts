import type { ExecutionMetrics } from "../runtime/metrics";
import { ascii, type JsonBytes } from "./json-bytes";

const END_TIME = ascii(',"endTime":');
const DURATION = ascii(',"durationMs":');
const CPU_USER = ascii(',"cpuUserMs":');
const CPU_SYSTEM = ascii(',"cpuSystemMs":');
const PEAK = ascii(',"peakMemoryBytes":');
const CHILD = ascii(',"child":');
const MEMORY_KIND = ascii(',"memory":{"kind":');
const BYTES = ascii(',"bytes":');
/** The memory figure of an in-process step up to its number: one copy instead of three parts. */
const HEAP_GROWTH_BYTES = ascii(',"memory":{"kind":"heap_growth","bytes":');
/**
 * What most steps of a chain of fast ones write from their CPU on: a step
 * that shares its CPU readings with the steps around it (see metrics.ts)
 * used none, and an in-process step's heap most often did not grow. One
 * copy each instead of two numbers and three parts (and two and a brace).
 */
const NO_CPU_PEAK = ascii(',"cpuUserMs":0,"cpuSystemMs":0,"peakMemoryBytes":');
const NO_HEAP_GROWTH_END = ascii(',"memory":{"kind":"heap_growth","bytes":0}}');
const CLOSE = 0x7d;

/**
 * A step's metrics as JSON after its opening `{"startTime":` (which the
 * caller writes with what comes before it, in one copy), field by field in
 * the order the engine builds them (`finishMeasurement`, `emptyMetrics`):
 * byte for byte what `JSON.stringify` gives for them. Every field of
 * {@link ExecutionMetrics} is written; a shell action's `child` figures
 * through `JSON.stringify`.
 */
export function writeMetricsFromStartTime(out: JsonBytes, m: ExecutionMetrics): void {
  out.number(m.startTime);
  out.raw(END_TIME);
  out.number(m.endTime);
  out.raw(DURATION);
  out.number(m.durationMs);
  // -0 is written 0, as JSON.stringify writes it.
  if (m.cpuUserMs === 0 && m.cpuSystemMs === 0) out.raw(NO_CPU_PEAK);
  else {
    out.raw(CPU_USER);
    out.number(m.cpuUserMs);
    out.raw(CPU_SYSTEM);
    out.number(m.cpuSystemMs);
    out.raw(PEAK);
  }
  out.number(m.peakMemoryBytes);
  if (m.child !== undefined) {
    out.raw(CHILD);
    out.value(m.child);
  }
  const memory = m.memory;
  if (memory !== undefined) {
    if (memory.kind === "heap_growth" && memory.bytes === 0) {
      // The metrics' own brace too.
      out.raw(NO_HEAP_GROWTH_END);
      return;
    }
    if (memory.kind === "heap_growth") out.raw(HEAP_GROWTH_BYTES);
    else {
      out.raw(MEMORY_KIND);
      out.string(memory.kind);
      out.raw(BYTES);
    }
    out.number(memory.bytes);
    out.byte(CLOSE);
  }
  out.byte(CLOSE);
}

import type { ExecutionMetrics } from "../runtime/metrics";
import type { JournalEvent, StepFinishedEvent, StepStartedEvent } from "./journal-event";
import { stringifyForRecord } from "./json-stand-ins";

/**
 * One journal line (without its newline): the event as JSON. The two events
 * every step writes — its intent and its plain outcome — are written by hand,
 * field by field in the order the engine builds them, which is what
 * `JSON.stringify` gives for them, byte for byte, at a fraction of its cost.
 * Anything else (an undo recipe, an output, rollback data, a child's metrics,
 * any other event) goes through `JSON.stringify`, with stand-ins for what
 * JSON cannot hold (see json-stand-ins.ts).
 */
export function journalLine(event: JournalEvent): string {
  if (event.type === "step_started") return startedLine(event) ?? stringifyForRecord(event);
  if (event.type === "step_finished") return finishedLine(event) ?? stringifyForRecord(event);
  return stringifyForRecord(event);
}

function startedLine(e: StepStartedEvent): string | undefined {
  if (e.undo !== undefined) return undefined;
  const line = `{"type":"step_started","time":${num(e.time)},"step":${str(e.step)},"attempt":${num(e.attempt)}`;
  return e.afterFailure === undefined ? line + "}" : line + `,"afterFailure":true}`;
}

function finishedLine(e: StepFinishedEvent): string | undefined {
  if (e.output !== undefined || e.rollbackData !== undefined || e.undo !== undefined)
    return undefined;
  if (e.reusedFrom !== undefined || e.changedSince !== undefined || e.upToDate !== undefined)
    return undefined;
  if (e.afterFailure !== undefined || e.reason !== undefined || e.worker !== undefined)
    return undefined;
  if (e.neverStarted !== undefined) return undefined;
  const metrics = metricsJson(e.metrics);
  if (metrics === undefined) return undefined;
  let line = `{"type":"step_finished","time":${num(e.time)},"step":${str(e.step)},"status":${str(e.status)},"attempts":${num(e.attempts)},"metrics":${metrics}`;
  if (e.error !== undefined) line += `,"error":${str(e.error)}`;
  if (e.log !== undefined) line += `,"log":${str(e.log)}`;
  if (e.fingerprint !== undefined) line += `,"fingerprint":${str(e.fingerprint)}`;
  return line + "}";
}

/** An in-process step's metrics (as `finishMeasurement` builds them); undefined for any other shape. */
function metricsJson(m: ExecutionMetrics): string | undefined {
  if (m.child !== undefined) return undefined;
  let json = `{"startTime":${num(m.startTime)},"endTime":${num(m.endTime)},"durationMs":${num(m.durationMs)},"cpuUserMs":${num(m.cpuUserMs)},"cpuSystemMs":${num(m.cpuSystemMs)},"peakMemoryBytes":${num(m.peakMemoryBytes)}`;
  const memory = m.memory;
  if (memory !== undefined) {
    json += `,"memory":{"kind":${str(memory.kind)},"bytes":${num(memory.bytes)}}`;
  }
  return json + "}";
}

/** A number as JSON writes it (`null` for NaN and the infinities). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : "null";
}

/** A string as JSON writes it (ids are short: its escaping is cheap). */
function str(s: string): string {
  return JSON.stringify(s);
}

/**
 * Durations and sizes as people read them, the same in the terminal, the
 * editor and the metrics page.
 */
import { DURATION_TEXT, DURATION_UNITS, SIZE_TEXT, SIZE_UNITS } from "./quantity";

/** `0.4 ms`, `12 ms`, `1.52 s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/**
 * A duration someone set (a `timeout`, a `rollback_timeout`, a `retry_delay`,
 * a grace) as the language writes it — `250ms`, `1.5s`, `90s`, `5m`, `2h` —
 * so a message says it as it was written: "timed out after 5s", whichever
 * deadline it is. Measured times are {@link formatDuration}'s.
 */
export function durationText(ms: number): string {
  if (ms === 0) return "0s";
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${roundToMicros(ms) / 1000}s`;
  return `${roundToMicros(ms)}ms`;
}

/** A whole run's time at a glance (a status bar): `850 ms`, `1.5 s`, `2 min 5 s`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Microseconds: `0.042 µs`, `3.10 µs`, `120 µs`, `4.2 ms`; `—` when not a number. */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return "—";
  const a = Math.abs(us);
  if (a >= 1000) return `${(us / 1000).toFixed(a >= 10_000 ? 0 : 1)} ms`;
  if (a >= 100) return `${Math.round(us)} µs`;
  if (a >= 1) return `${us.toFixed(2)} µs`;
  return `${us.toFixed(3)} µs`;
}

/**
 * A size in bytes as the language writes it (`1KB`, `4GB`, `1500B`): in the
 * largest unit it is a whole number of, so a message says it as it was written.
 * Measured sizes are {@link formatBytes}'s.
 */
export function sizeText(bytes: number): string {
  const units = ["TB", "GB", "MB", "KB"];
  for (const [i, unit] of units.entries()) {
    const size = 1024 ** (units.length - i);
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

/** `512 B`, `1.5 KB`, `42.0 MB` (powers of 1024, as the language's sizes). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `1234567.5` → `1,234,567.5`, whatever the locale of the machine. */
export function groupDigits(value: number): string {
  const [whole, fraction] = String(value).split(".");
  const sign = whole!.startsWith("-") ? "-" : "";
  const digits = sign ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** `5 minutes` for 5 of "minute" (singular for exactly 1). */
function quantity(amount: string, word: string): string {
  return `${amount} ${word}${Number(amount) === 1 ? "" : "s"}`;
}

/** `5m` → `5 minutes = 300,000 ms`; `250ms` → `250 milliseconds`. Undefined when `text` is no duration. */
export function describeDuration(text: string): string | undefined {
  const match = DURATION_TEXT.exec(text);
  if (!match) return undefined;
  const unit = DURATION_UNITS[match[2]!]!;
  const words = quantity(match[1]!, unit.word);
  if (unit.ms === 1) return words;
  return `${words} = ${groupDigits(roundToMicros(Number(match[1]) * unit.ms))} ms`;
}

/** `10MB` → `10 megabytes = 10,485,760 bytes`. Undefined when `text` is no size. */
export function describeSize(text: string): string | undefined {
  const match = SIZE_TEXT.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[match[2]!]!;
  const words = quantity(match[1]!, unit.word);
  if (unit.bytes === 1) return words;
  const bytes = Math.round(Number(match[1]) * unit.bytes);
  return `${words} = ${groupDigits(bytes)} bytes`;
}

/** Milliseconds are kept to the microsecond, as the engine does. */
function roundToMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Units and their formatting, in one place: reading durations and sizes as
 * the language writes them, and writing durations, sizes and memory figures
 * as people read them. Server and client import it as `@momoflow/units`.
 */
export * from "./quantity";
export * from "./quantity-text";
export * from "./step-memory-text";
export * from "./local-time";

/** A time as the terminal gives it (`HH:MM:SS`), as a regular expression's source. */
export const TERMINAL_CLOCK = "\\d\\d:\\d\\d:\\d\\d";

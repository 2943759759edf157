/**
 * How long after an answer a started recommended movie counts as its conversion, in the
 * stream's time: one definition for the release judge, experiment reports, the online
 * report, the conversion gauge and the status page, so they judge alike unless an
 * operator sets another window.
 */
export const DEFAULT_CONVERSION_WINDOW_MS = 10 * 60_000;

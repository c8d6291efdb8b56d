/** A result as a value: either the value or an error message, never an exception. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const err = <T = never>(error: string): Outcome<T> => ({ ok: false, error });

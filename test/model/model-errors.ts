// The model's errors: same name and codes as the library's EventsError (§8),
// but its own class, so a comparison can tell which implementation threw.

type ModelErrorCode = "EINVAL" | "EEXIST" | "ESTALE" | "ELOOP";

export class ModelEventsError extends Error {
  override name = "EventsError";
  constructor(readonly code: ModelErrorCode, message: string) {
    super(message);
  }
}

export const fail = (code: ModelErrorCode, message: string): never => {
  throw new ModelEventsError(code, message);
};

/** §6: nothing to throw, the lone error as is, or all of them in order. */
export function throwCollected(errors: readonly unknown[], what: string): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} errors during ${what}`);
}

export const isNonEmptyString = (name: unknown): name is string => typeof name === "string" && name !== "";

// Node's error factory for the emitter: the codes, classes and messages
// node:events throws (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE,
// ERR_UNHANDLED_ERROR, ABORT_ERR), written from the behaviour Node documents
// and shows. `code` is an own enumerable property, the stack and toString()
// read `TypeError [ERR_INVALID_ARG_TYPE]: ...`, and `err.constructor` is the
// base class, as with Node's errors.

import { inspect } from "./host.js";

type Base = ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;

const classes = new Map<Base, new (code: string, message: string) => Error>();

function nodeErrorClass(base: Base): new (code: string, message: string) => Error {
  let cls = classes.get(base);
  if (cls !== undefined) return cls;
  const Parent = base as unknown as new (message: string) => Error;
  class NodeError extends Parent {
    code: string;
    constructor(code: string, message: string) {
      super(message);
      this.code = code;
    }
    override toString(): string {
      return `${this.name} [${this.code}]: ${this.message}`;
    }
  }
  Object.defineProperty(NodeError.prototype, "constructor", { get: () => base, configurable: true });
  Object.defineProperty(NodeError.prototype, "name", { value: base.name, writable: true, configurable: true });
  classes.set(base, (cls = NodeError));
  return cls;
}

/** An error of Node's shape; frames above `hideFrom` are left out of the stack, as Node does. */
function nodeError(base: Base, code: string, message: string, hideFrom?: Function): Error {
  const error = new (nodeErrorClass(base))(code, message);
  if (hideFrom !== undefined && typeof Error.captureStackTrace === "function") Error.captureStackTrace(error, hideFrom);
  const stack = error.stack;
  const plainHeader = `${base.name}: ${message}`;
  if (typeof stack === "string" && stack.startsWith(plainHeader)) {
    Object.defineProperty(error, "stack", {
      value: `${base.name} [${code}]: ${message}${stack.slice(plainHeader.length)}`,
      writable: true, configurable: true, enumerable: false,
    });
  }
  return error;
}

// Type names Node writes in lower case ("of type function"); the others are
// classes ("an instance of AbortSignal"). These are the ones the emitter uses.
const TYPES = ["string", "function", "number", "object", "Function", "Object", "boolean"];

/** How Node describes a received value in ERR_INVALID_ARG_TYPE. */
function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "bigint":
      return `type bigint (${value}n)`;
    case "number":
      if (value === 0) return 1 / value === -Infinity ? "type number (-0)" : "type number (0)";
      return `type number (${value})`; // NaN, Infinity and -Infinity print as themselves
    case "boolean":
      return `type boolean (${value})`;
    case "symbol":
      return `type symbol (${String(value)})`;
    case "function":
      return `function ${value.name}`;
    case "object": {
      // As Node: a throwing `constructor` getter (or proxy trap) throws from here.
      const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof name === "string" && name !== "") return `an instance of ${name}`;
      return safeInspect(value, { depth: -1 });
    }
    default: {
      // A string (undefined was handled above).
      const text = String(value), shown = text.length > 28 ? `${text.slice(0, 25)}...` : text;
      return shown.includes("'") ? `type string (${JSON.stringify(shown)})` : `type string ('${shown}')`;
    }
  }
}

function safeInspect(value: unknown, options?: { depth?: number }): string {
  try {
    return inspect(value, options);
  } catch {
    return String(value);
  }
}

/** ERR_INVALID_ARG_TYPE: `name` must be of the `expected` type, or an instance of one of the `expected` classes. */
export function invalidArgType(name: string, expected: string | string[], actual: unknown, hideFrom?: Function): Error {
  const list = Array.isArray(expected) ? expected : [expected];
  const what = `"${name}" ${name.includes(".") ? "property" : "argument"}`;
  const must = TYPES.includes(list[0]) ? `of type ${list[0].toLowerCase()}` : `an instance of ${list.join(" or ")}`;
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The ${what} must be ${must}. Received ${describeReceived(actual)}`, hideFrom);
}

function withSeparators(digits: string): string {
  let result = "";
  let i = digits.length;
  const start = digits[0] === "-" ? 1 : 0;
  for (; i >= start + 4; i -= 3) result = `_${digits.slice(i - 3, i)}${result}`;
  return `${digits.slice(0, i)}${result}`;
}

/** ERR_OUT_OF_RANGE: the value of `name` must be `range`. */
function outOfRange(name: string, range: string, input: unknown, hideFrom?: Function): Error {
  // (Only numbers reach here: the emitter's range checks come after their type checks.)
  const received = Number.isInteger(input) && Math.abs(input as number) > 2 ** 32 ? withSeparators(String(input)) : safeInspect(input);
  return nodeError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${range}. Received ${received}`, hideFrom);
}

/** ERR_UNHANDLED_ERROR: an 'error' event with no listener and a value that is not an Error. */
export function unhandledError(value: unknown, hideFrom?: Function): Error {
  let shown: unknown;
  try {
    shown = inspect(value);
  } catch {
    shown = value;
  }
  const error = nodeError(Error, "ERR_UNHANDLED_ERROR", `Unhandled error. (${String(shown)})`, hideFrom);
  (error as Error & { context: unknown }).context = value;
  return error;
}

/** Node's AbortError (`code` 'ABORT_ERR'), as events.once and events.on reject with. */
export class AbortError extends Error {
  code: string;
  constructor(message = "The operation was aborted", options?: { cause?: unknown }) {
    super(message, options);
    this.code = "ABORT_ERR";
    this.name = "AbortError";
  }
}

/** A value Node checks with validateNumber(value, name, 0): a number, not NaN, at least 0. */
export function checkNonNegativeNumber(value: unknown, name: string, hideFrom?: Function): asserts value is number {
  if (typeof value !== "number") throw invalidArgType(name, "number", value, hideFrom);
  if (value < 0 || Number.isNaN(value)) throw outOfRange(name, ">= 0", value, hideFrom);
}

/** validateInteger(value, name, min): the checks events.on makes of its watermarks. */
export function checkInteger(value: unknown, name: string, min: number, hideFrom?: Function): asserts value is number {
  if (typeof value !== "number") throw invalidArgType(name, "number", value, hideFrom);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value, hideFrom);
  if (value < min || value > Number.MAX_SAFE_INTEGER) {
    throw outOfRange(name, `>= ${min} && <= ${Number.MAX_SAFE_INTEGER}`, value, hideFrom);
  }
}

/** validateFunction(listener, 'listener'). */
export function checkListener(listener: unknown, hideFrom?: Function): asserts listener is Function {
  if (typeof listener !== "function") throw invalidArgType("listener", "Function", listener, hideFrom);
}

/** validateAbortSignal: undefined, or an object with `aborted`. */
export function checkAbortSignal(signal: unknown, name: string, hideFrom?: Function): void {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw invalidArgType(name, "AbortSignal", signal, hideFrom);
  }
}

/** validateObject(value, name): a non-null, non-array object. */
export function checkOptionsObject(value: unknown, name: string, hideFrom?: Function): void {
  if (value === null || Array.isArray(value) || typeof value !== "object") throw invalidArgType(name, "Object", value, hideFrom);
}

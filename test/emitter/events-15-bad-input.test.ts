// Bad arguments get node:events' errors, with Node's codes and messages
// (what was received described as Node describes it), and change nothing.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { on } from "wasm-events/events";

function messageFor(value: unknown): string {
  try {
    new EventEmitter().on("x", value as never);
  } catch (error) {
    return (error as Error).message.replace('The "listener" argument must be of type function. Received ', "");
  }
  return "no error";
}

test("the received value is described as Node describes it", () => {
  class Job {}
  const noName = Object.create(null);
  noName.a = 1;
  const hostile = new Proxy({}, { get: () => { throw new Error("trap"); } });
  expect([
    messageFor(0), messageFor(-0), messageFor(Number.NaN), messageFor(Infinity), messageFor(-Infinity), messageFor(2.5),
    messageFor(true), messageFor(false), messageFor("it's"), messageFor("a".repeat(40)), messageFor(new Job()),
    messageFor(noName), messageFor([1]),
  ]).toEqual([
    "type number (0)", "type number (-0)", "type number (NaN)", "type number (Infinity)", "type number (-Infinity)",
    "type number (2.5)", "type boolean (true)", "type boolean (false)", `type string ("it's")`, `type string ('${"a".repeat(25)}...')`,
    "an instance of Job", "[Object: null prototype]", "an instance of Array",
  ]);
  // As in Node, a value whose constructor cannot be read throws that error instead.
  expect(() => new EventEmitter().on("x", hostile as never)).toThrowError("trap");
});

test("an error whose value cannot be inspected still reports ERR_UNHANDLED_ERROR", () => {
  const value = { [Symbol.for("nodejs.util.inspect.custom")]: () => { throw new Error("no inspecting"); } };
  expect(() => new EventEmitter().emit("error", value)).toThrowError(
    expect.objectContaining({ code: "ERR_UNHANDLED_ERROR", message: "Unhandled error. ([object Object])", context: value }),
  );
});

test("numbers above 2^32 are shown with separators in ERR_OUT_OF_RANGE, as Node does", () => {
  expect(() => new EventEmitter().setMaxListeners(-(2 ** 40))).toThrowError(
    'The value of "setMaxListeners" is out of range. It must be >= 0. Received -1_099_511_627_776',
  );
  expect(() => on(new EventEmitter(), "x", { highWaterMark: 2 ** 60 })).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
  expect(() => on(new EventEmitter(), "x", { highWaterMark: "2" as never })).toThrowError(
    'The "options.highWaterMark" property must be of type number. Received type string (\'2\')',
  );
});

test("errors show their code like Node's: in toString(), in the stack's first line, as an own enumerable property", () => {
  let error: any;
  try {
    new EventEmitter().setMaxListeners(-1);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(RangeError);
  expect(error.name).toBe("RangeError");
  expect(error.constructor).toBe(RangeError);
  expect(String(error)).toBe(`RangeError [ERR_OUT_OF_RANGE]: ${error.message}`);
  expect(error.stack.split("\n")[0]).toBe(`RangeError [ERR_OUT_OF_RANGE]: ${error.message}`);
  expect(Object.keys(error)).toEqual(["code"]);
});

test("a bad argument changes nothing", () => {
  const e = new EventEmitter(), f = () => {};
  e.on("x", f);
  for (const call of [() => e.on("x", 1 as never), () => e.prependListener("x", {} as never), () => e.off("x", null as never), () => e.setMaxListeners(-1)]) {
    expect(call).toThrow();
  }
  expect(e.rawListeners("x")).toEqual([f]);
  expect(e.getMaxListeners()).toBe(10);
});

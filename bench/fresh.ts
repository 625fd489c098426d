// Timed loops compiled per prepared instance. A loop written once in an
// adapter's file is one function literal: every instance's loop shares its
// feedback, so its call sites would carry what earlier scenarios and rounds
// taught them (one emitter class, but many events and listeners) into the
// next. Real code has call sites of its own; so does each timed loop here.
// Run the harness with V8's compilation cache off (run.ts does by default),
// or identical sources would share compiled code and feedback all the same.
import type { BenchListener } from "./contender.js";

let serial = 0;

function compile<T>(bindings: Readonly<Record<string, unknown>>, source: string): T {
  const names = Object.keys(bindings);
  const factory = new Function(...names, `"use strict"; // bench loop #${++serial}\n${source}`);
  return factory(...names.map((name) => bindings[name])) as T;
}

/**
 * `generateAll(order, data)` calling `call` for each i: an expression over
 * `bindings`, `order[i]` and `data`, such as `emitter.emit(names[order[i]], data)`.
 */
export function freshGenerateLoop(
  bindings: Readonly<Record<string, unknown>>,
  call: string,
): (order: Int32Array, data: unknown) => void {
  return compile(bindings, `return function generateAll(order, data) {\n  for (let i = 0; i < order.length; i++) ${call};\n};`);
}

/**
 * `churn(event, fn, times)`: `setup` once (statements over `bindings`,
 * `event` and `fn`), then `body` (register + unregister of `fn`) `times` times.
 */
export function freshChurnLoop(
  bindings: Readonly<Record<string, unknown>>,
  setup: string,
  body: string,
): (event: number, fn: BenchListener, times: number) => void {
  return compile(bindings, `return function churn(event, fn, times) {\n  ${setup}\n  for (let i = 0; i < times; i++) { ${body} }\n};`);
}

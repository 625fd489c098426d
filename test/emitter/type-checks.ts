// Type checks for the emitter (compiled by `npm run typecheck`, never run):
// code typed against @types/node's EventEmitter type-checks unchanged with
// ours, typed event maps included.
import { EventEmitter as NodeEventEmitter, once as nodeOnce } from "node:events";
import { EventEmitter } from "wasm-events";
import Events, { once, on, errorMonitor, captureRejectionSymbol, getEventListeners, setMaxListeners } from "wasm-events/events";

// An instance of ours where Node's type is expected, and back.
function takesNode(emitter: NodeEventEmitter): NodeEventEmitter {
  return emitter.on("x", () => {}).setMaxListeners(3);
}
takesNode(new EventEmitter());
takesNode(new Events());
function takesOurs(emitter: EventEmitter): boolean {
  return emitter.emit("x", 1, 2, 3);
}
takesOurs(new NodeEventEmitter());

// Subclassing with a typed event map, as with @types/node's generic class.
interface JobEvents {
  done: [id: number, result: string];
  failed: [error: Error];
}
class Jobs extends EventEmitter<JobEvents> {
  finish(id: number): boolean {
    return this.emit("done", id, "ok");
  }
}
const jobs = new Jobs();
jobs.on("done", (id, result) => id.toFixed() + result.toUpperCase());
jobs.once("failed", (error) => error.message);
// @ts-expect-error: 'done' carries a number and a string
jobs.emit("done", "1", "ok");
// @ts-expect-error: no such event in the map
jobs.on("nope", () => {});
const names: ("done" | "failed")[] = jobs.eventNames();
void names;

// Untyped: any name, any arguments; chaining returns the subclass.
class Chat extends EventEmitter {
  join(name: string): this {
    return this.emit("join", name), this;
  }
}
new Chat().join("ann").on(Symbol("s"), () => {}).prependOnceListener("x", (...args: unknown[]) => args);

// The statics and symbols, typed like node:events'.
async function statics(e: EventEmitter): Promise<void> {
  const [value]: any[] = await once(e, "ready", { signal: AbortSignal.timeout(10) });
  void value;
  for await (const args of on(e, "data", { close: ["end"], highWaterMark: 10 })) void args;
  const listeners: Function[] = getEventListeners(e, "x");
  void listeners;
  setMaxListeners(5, e);
  e.on(errorMonitor, () => {});
  const sym: symbol = captureRejectionSymbol;
  void sym;
  await nodeOnce(e as NodeEventEmitter, "ready"); // ours passes where Node's functions want an emitter
}
void statics;

// Old-style subclassing: callable as EventEmitter.call(this).
function Legacy(this: unknown) {
  EventEmitter.call(this);
}
void Legacy;

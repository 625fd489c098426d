// tseep 1.3.1: compiled dispatchers (listeners called without `this`, fixed argument counts).
import { EventEmitter } from "tseep";
import type { Argc, BenchListener, EmitterContender } from "../contender.js";

export const tseep: EmitterContender = {
  name: "tseep",
  kind: "peer",
  description: "tseep `EventEmitter`",
  emitLoop(listeners: readonly BenchListener[], argc: Argc) {
    const e = new EventEmitter();
    for (const fn of listeners) e.on("x", fn);
    switch (argc) {
      case 0: return (times) => { for (let i = 0; i < times; i++) e.emit("x"); };
      case 1: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i); };
      case 2: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i, i); };
      default: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i, i, i); };
    }
  },
  churnLoop(listener, others) {
    const e = new EventEmitter();
    for (let k = 0; k < others; k++) e.on("x", () => {});
    return (times) => {
      for (let i = 0; i < times; i++) {
        e.on("x", listener);
        e.off("x", listener);
      }
    };
  },
  onceLoop(listener) {
    const e = new EventEmitter();
    return (times) => {
      for (let i = 0; i < times; i++) {
        e.once("x", listener);
        e.emit("x", i);
      }
    };
  },
  constructLoop(listener) {
    let last: unknown;
    return (times) => {
      for (let i = 0; i < times; i++) {
        const e = new EventEmitter();
        e.on("x", listener);
        last = e;
      }
      return last;
    };
  },
  namesLoop(listener, names, hot) {
    const e = new EventEmitter();
    for (const name of names) e.on(name, listener);
    const n = hot.length;
    return (times) => {
      for (let i = 0; i < times; i++) e.emit(hot[i % n], i);
    };
  },
  make(events, listeners) {
    const e = new EventEmitter();
    for (let i = 0; i < events.length; i++) e.on(events[i], listeners[i]);
    return e;
  },
};

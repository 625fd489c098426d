// The emitter's public types, shaped like @types/node's generic
// EventEmitter<T> (a typed event map optional), so that code typed against
// Node's class type-checks unchanged with this one.

import type { captureRejectionSymbol } from "./symbols.js";
import type { DisposeMember, HostAbortSignal, HostEvent, HostEventTarget } from "../host-types.js";

/**
 * An event map: event name -> the listener's argument tuple (as @types/node's).
 *
 * @example
 * type ChatEvents = { message: [from: string, text: string]; join: [name: string] };
 * const room = new EventEmitter<ChatEvents>();
 * room.on("message", (from, text) => console.log(`${from}: ${text}`));
 */
export type EventMap<T> = Record<keyof T, any[]> | DefaultEventMap;
/**
 * No map: any name, any arguments (as @types/node's).
 *
 * @example
 * const untyped: EventEmitter<DefaultEventMap> = new EventEmitter();
 */
export type DefaultEventMap = [never];
type AnyRest = [...args: any[]];
type Args<K, T> = T extends DefaultEventMap ? AnyRest : K extends keyof T ? T[K] : never;
type Key<K, T> = T extends DefaultEventMap ? string | symbol : K | keyof T;
type Key2<K, T> = T extends DefaultEventMap ? string | symbol : K & keyof T;
type Listener<K, T, F> = T extends DefaultEventMap ? F
  : K extends keyof T ? (T[K] extends unknown[] ? (...args: T[K]) => void : never) : never;
type Listener1<K, T> = Listener<K, T, (...args: any[]) => void>;
type Listener2<K, T> = Listener<K, T, Function>;

/**
 * Options of `new EventEmitter(options)`, as node:events'.
 *
 * @example
 * const emitter = new EventEmitter({ captureRejections: true });
 * emitter.on("job", async () => { throw new Error("failed"); }); // the rejection becomes an 'error' event
 */
export interface EventEmitterOptions {
  /**
   * Route rejections of promises returned by listeners to 'error' or
   * `[Symbol.for('nodejs.rejection')]` (default: `EventEmitter.captureRejections`).
   *
   * @example
   * new EventEmitter({ captureRejections: true });
   */
  captureRejections?: boolean | undefined;
}

export interface StaticEventEmitterOptions {
  signal?: HostAbortSignal | undefined;
}

export interface StaticEventEmitterIteratorOptions extends StaticEventEmitterOptions {
  /** Names of events that end the iteration. */
  close?: string[] | undefined;
  /** Above this many buffered events the emitter is paused (`pause()`). */
  highWaterMark?: number | undefined;
  /** Below this many buffered events a paused emitter is resumed (`resume()`). */
  lowWaterMark?: number | undefined;
}

/** An EventEmitter instance, as node:events documents it. */
export interface EventEmitter<T extends EventMap<T> = DefaultEventMap> {
  [captureRejectionSymbol]?<K>(error: Error, event: Key<K, T>, ...args: Args<K, T>): void;
  /** Adds `listener` at the end of `eventName`'s listeners (duplicates allowed). */
  addListener<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Same as addListener. */
  on<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Adds a listener removed before its first call. */
  once<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Removes the most recently added occurrence of `listener`. */
  removeListener<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Same as removeListener. */
  off<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Removes every listener, or every listener of `eventName`. */
  removeAllListeners(eventName?: Key<unknown, T>): this;
  /** More than `n` listeners of one event warn once (0: no limit). */
  setMaxListeners(n: number): this;
  getMaxListeners(): number;
  /** `eventName`'s listeners (a `once` listener as registered). */
  listeners<K>(eventName: Key<K, T>): Array<Listener2<K, T>>;
  /** `eventName`'s listeners with `once` wrappers as they are. */
  rawListeners<K>(eventName: Key<K, T>): Array<Listener2<K, T>>;
  /** Calls each listener of `eventName` in order with `args`; true if it had listeners. */
  emit<K>(eventName: Key<K, T>, ...args: Args<K, T>): boolean;
  /** How many listeners `eventName` has (of `listener`, if given). */
  listenerCount<K>(eventName: Key<K, T>, listener?: Listener2<K, T>): number;
  /** Adds `listener` before every other listener of `eventName`. */
  prependListener<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** Adds a `once` listener before every other listener of `eventName`. */
  prependOnceListener<K>(eventName: Key<K, T>, listener: Listener1<K, T>): this;
  /** The names that have listeners, in Node's order. */
  eventNames(): Array<(string | symbol) & Key2<unknown, T>>;
}

/** EventEmitterAsyncResource's options (node:events). */
export interface EventEmitterAsyncResourceOptions extends EventEmitterOptions {
  name?: string | undefined;
  triggerAsyncId?: number | undefined;
  requireManualDestroy?: boolean | undefined;
}

export interface EventEmitterAsyncResource extends EventEmitter {
  emitDestroy(): void;
  readonly asyncId: number;
  readonly triggerAsyncId: number;
  readonly asyncResource: object & { readonly eventEmitter: EventEmitterAsyncResource };
}

export interface EventEmitterAsyncResourceConstructor {
  new (options?: EventEmitterAsyncResourceOptions | string): EventEmitterAsyncResource;
  readonly prototype: EventEmitterAsyncResource;
}

/** The class and its statics: node:events' default export. */
export interface EventEmitterConstructor {
  new <T extends EventMap<T> = DefaultEventMap>(options?: EventEmitterOptions): EventEmitter<T>;
  readonly prototype: EventEmitter<any>;
  /** Itself (node:events' `EventEmitter` export). */
  readonly EventEmitter: EventEmitterConstructor;
  once(emitter: EventEmitter<any> | { on: Function } , eventName: string | symbol, options?: StaticEventEmitterOptions): Promise<any[]>;
  once(emitter: HostEventTarget, eventName: string, options?: StaticEventEmitterOptions): Promise<any[]>;
  on(emitter: EventEmitter<any> | { on: Function }, eventName: string | symbol, options?: StaticEventEmitterIteratorOptions): AsyncIterableIterator<any[]>;
  on(emitter: HostEventTarget, eventName: string, options?: StaticEventEmitterIteratorOptions): AsyncIterableIterator<any[]>;
  listenerCount(emitter: EventEmitter<any> | HostEventTarget | object, eventName: string | symbol): number;
  getEventListeners(emitter: HostEventTarget | EventEmitter<any> | object, name: string | symbol): Function[];
  getMaxListeners(emitter: HostEventTarget | EventEmitter<any> | object): number;
  setMaxListeners(n?: number, ...eventTargets: Array<HostEventTarget | EventEmitter<any> | object>): void;
  addAbortListener(signal: HostAbortSignal, resource: (event: HostEvent) => void): DisposeMember;
  init(this: object, options?: EventEmitterOptions): void;
  readonly errorMonitor: unique symbol;
  readonly captureRejectionSymbol: unique symbol;
  captureRejections: boolean;
  defaultMaxListeners: number;
  readonly usingDomains: boolean;
  readonly kMaxEventTargetListeners: symbol;
  readonly kMaxEventTargetListenersWarned: symbol;
  readonly EventEmitterAsyncResource: EventEmitterAsyncResourceConstructor;
}

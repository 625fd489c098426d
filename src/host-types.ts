// Declarations of host types shared by the bus's and the EventEmitter's
// public types: each names a type the host may or may not declare, so the
// package's declarations compile under any `lib` setting (no Node types, no
// DOM, no ESNext.Disposable needed).

/**
 * The host's `AbortSignal` type, from whichever declaration the project has
 * (the DOM lib, @types/node, Deno's or Bun's types); `never` in a project that
 * declares none (lib ES2022 alone), where there is no signal to pass.
 *
 * @example
 * const options: RegisterOptions = { signal: AbortSignal.timeout(1000) as HostAbortSignal };
 */
export type HostAbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : never;

/**
 * The host's `EventTarget` instance type, from whichever declaration the
 * project has (the DOM lib, @types/node); `never` where it has none, so the
 * emitter's declarations compile under any `lib` (as {@link HostAbortSignal}).
 *
 * @example
 * EventEmitter.getEventListeners(new EventTarget() as HostEventTarget, "ping");
 */
export type HostEventTarget = typeof globalThis extends { EventTarget: { prototype: infer T } } ? T : never;

/**
 * The host's `Event` instance type where the project declares one (else `never`).
 *
 * @example
 * EventEmitter.addAbortListener(signal, (event: HostEvent) => console.log("aborted", event));
 */
export type HostEvent = typeof globalThis extends { Event: { prototype: infer T } } ? T : never;

// `using registration = bus.register(...)` needs `[Symbol.dispose]`, but a
// declaration that names `Symbol.dispose` fails to compile (TS2550) in projects
// whose `lib` lacks it (ES2022 + DOM without @types/node). So the member is
// declared through this mapped type: keyed by `Symbol.dispose` where the lib
// declares it, empty where it does not. The object always has the method at
// run time where the host defines `Symbol.dispose`.
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;
/**
 * `[Symbol.dispose](): void`, where the project's `lib` knows `Symbol.dispose`.
 *
 * @example
 * {
 *   using registration = bus.register(null, "e", listener); // unregistered at the end of the block
 * }
 */
export type DisposeMember = { [K in DisposeSymbol]: () => void };

// `once` and `prependOnceListener` register a wrapper: it removes itself
// (through `target.removeListener`, so a subclass sees it) and then calls the
// listener with the emitter as `this`. `rawListeners()` shows the wrapper;
// its `.listener` is the original, which `listeners()` shows and removal
// matches.

export function onceWrapper(target: any, type: string | symbol, listener: Function): Function {
  let fired = false;
  function wrapper(this: unknown): unknown {
    if (fired) return undefined;
    fired = true;
    target.removeListener(type, wrapper);
    return Reflect.apply(listener, target, arguments);
  }
  (wrapper as { listener?: Function }).listener = listener;
  return wrapper;
}

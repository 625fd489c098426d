// The emitter's internal property keys, shared by the rule files. Symbols,
// not names, so subclasses' own fields never collide with them (Node does
// the same with kCapture and kShapeMode).

/** The events store: event name -> the lone listener or an EventListeners (undefined until the first listener). */
export const kEvents = Symbol("wasm-events.events");
/** Events of the store that have listeners (Node's `_eventsCount`). */
export const kCount = Symbol("wasm-events.count");
/** The emitter's EmitterSlots: its table owner and its lists' functions (undefined until its first list). */
export const kSlots = Symbol("wasm-events.slots");
/** Whether rejections of promises returned by listeners are captured (`captureRejections`). */
export const kCapture = Symbol("kCapture");
/** Set when EventEmitter.init ran on an emitter that already had its events: emptied events keep their key (Node's kShapeMode). */
export const kShapeMode = Symbol("shapeMode");
/** Node's errorMonitor symbol: listeners see 'error' events before the 'error' listeners. */
export const errorMonitor = Symbol("events.errorMonitor");
/** `Symbol.for('nodejs.rejection')`: the method captured rejections go to, when the emitter has one. */
export const captureRejectionSymbol: unique symbol = Symbol.for("nodejs.rejection") as never;

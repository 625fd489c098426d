export declare const NAMES: readonly (string | { symbol: string })[];
export declare function run(EventEmitter: unknown, program: unknown): unknown[];

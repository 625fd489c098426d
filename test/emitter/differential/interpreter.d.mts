export declare const SUBJECT: number;
export declare const NAMES: readonly (string | { symbol: string } | { errorMonitor: true })[];
export declare function run(EventEmitter: unknown, program: unknown): unknown[];

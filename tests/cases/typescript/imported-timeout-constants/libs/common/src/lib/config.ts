import ms from 'ms';

// ghostfolio: the market-data job's transaction timeout, a minute, in the shared config
export const GATHER_TIMEOUT = ms('1 minute');
export const QUEUE_WAIT = 15 * 1000;
export const SHORT_TIMEOUT = ms('5s');
export let MUTABLE_TIMEOUT = 60_000;
const HIDDEN = 90_000;
export { HIDDEN as RENAMED_TIMEOUT };
export function timeoutFor(kind: string) { return kind === 'slow' ? 60_000 : 1_000; }

/**
 * The young generation of each worker thread. Left to V8 it grows with the machine's memory: a worker
 * allocating objects that survive a scavenge reached 128 MiB of new space on a 24 GiB machine, and
 * what it grew to stays resident until V8 shrinks it again.
 */

/**
 * The serving thread: what it allocates lives for one request. Under wrk V8 kept 8 MiB of new space
 * there; 4 MiB takes the thread's heap 21.3 -> 17.0 MiB with no more CPU per request (22-23 against
 * 23-35 µs on summary.json, 36-37 against 40-43 µs on /, alternated at load 4-5).
 */
export const SERVE_YOUNG_MB = 4;

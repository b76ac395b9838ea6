import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread (a job worker) so that, when jobs and requests compete for the
 * CPU, the kernel runs the API's thread first: a re-scoring then slows down by the share of CPU that requests take,
 * instead of requests queueing behind it. On Linux the nice value belongs to a thread, and `/proc/thread-self` names
 * the calling thread's id, which setpriority(2) accepts. Elsewhere (or where /proc is missing) this does nothing and
 * says so; a lower priority is always allowed, so it needs no privileges.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch {
    return false;
  }
}

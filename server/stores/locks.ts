import { hostname } from 'node:os';

/**
 * Advisory locks (batch re-scoring, Neo4j imports) record who holds them: the owner token, the process id and the host
 * name. A holder's process on this machine that no longer exists cannot be working, so its lock is taken over at once
 * (a run killed with SIGKILL, a server killed mid-job); a holder on another machine is only known to be gone when it
 * stops refreshing the lock for `staleAfterMs`.
 */
export interface LockHolder {
  owner: string;
  /** Process id of the holder, null for a lock written before Sway recorded it. */
  pid: number | null;
  host: string | null;
  /** When the holder took the lock and last refreshed it, in ms since the epoch. */
  acquiredAt: number;
  refreshedAt: number;
}

/** This process, as a lock records it. */
export function thisProcess(): { pid: number; host: string } {
  return { pid: process.pid, host: hostname() };
}

/** True when the holder ran on this machine and its process has ended. */
export function holderIsGone(holder: Pick<LockHolder, 'pid' | 'host'>): boolean {
  if (holder.host !== hostname() || holder.pid === null || !Number.isInteger(holder.pid) || holder.pid <= 0)
    return false;
  try {
    process.kill(holder.pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether a lock held as `holder` may be taken by `owner` at `now`. */
export function lockIsFree(holder: LockHolder | null, owner: string, now: number, staleAfterMs: number): boolean {
  return holder === null || holder.owner === owner || now - holder.refreshedAt > staleAfterMs || holderIsGone(holder);
}

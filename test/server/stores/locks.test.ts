import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { holderIsGone, lockIsFree, type LockHolder } from '../../../server/stores/locks.ts';

/** A process id that existed on this machine and has ended: a child that ran and exited. */
function finishedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('who may take an advisory lock', () => {
  const now = 1_000_000;
  const holder = (fields: Partial<LockHolder>): LockHolder => ({
    owner: 'other',
    pid: process.pid,
    host: hostname(),
    acquiredAt: now - 5000,
    refreshedAt: now - 1000,
    ...fields,
  });

  it('a live holder keeps it until it stops refreshing it for staleAfterMs', () => {
    expect(lockIsFree(holder({}), 'me', now, 60_000)).toBe(false);
    expect(lockIsFree(holder({ refreshedAt: now - 60_001 }), 'me', now, 60_000)).toBe(true);
    expect(lockIsFree(holder({}), 'other', now, 60_000)).toBe(true); // its own owner refreshes it
    expect(lockIsFree(null, 'me', now, 60_000)).toBe(true);
  });

  it('a holder of this machine whose process has ended is gone at once; one of another machine is not', () => {
    const pid = finishedPid();
    expect(holderIsGone({ pid, host: hostname() })).toBe(true);
    expect(lockIsFree(holder({ pid }), 'me', now, 3_600_000)).toBe(true);
    // Another machine's process cannot be asked: only staleness frees its lock.
    expect(holderIsGone({ pid, host: `not-${hostname()}` })).toBe(false);
    expect(lockIsFree(holder({ pid, host: `not-${hostname()}` }), 'me', now, 3_600_000)).toBe(false);
    // A lock from before holders were recorded: staleness only.
    expect(holderIsGone({ pid: null, host: null })).toBe(false);
    expect(holderIsGone({ pid: process.pid, host: hostname() })).toBe(false);
  });
});

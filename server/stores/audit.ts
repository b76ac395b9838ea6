import { createHmac, randomBytes } from 'node:crypto';
import type { AuditRecord } from './contract.ts';

/**
 * Erasure audit records keep a keyed hash of the erased id instead of the id itself: the record proves that an
 * erasure of a given person happened (whoever knows the id can recompute the hash with the store's salt) without
 * the store holding the id. HMAC-SHA-256 with a per-store random salt, so hashes cannot be matched across stores or
 * looked up in a precomputed table.
 */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

export function subjectHash(salt: string, id: string): string {
  return createHmac('sha256', salt).update(id, 'utf8').digest('hex');
}

export function erasureRecord(
  salt: string,
  id: string,
  options: { actor: string; reason?: string },
  relationships: number,
): AuditRecord {
  const details: Record<string, number | string> = { relationships };
  if (options.reason !== undefined) details.reason = options.reason;
  return {
    at: new Date().toISOString(),
    action: 'erase-person',
    actor: options.actor,
    subjectHash: subjectHash(salt, id),
    details,
  };
}

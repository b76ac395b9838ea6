import { createHmac, randomBytes } from 'node:crypto';
import { InvalidOptionsError } from '../../graph/errors.ts';
import type { AuditRecord } from './contract.ts';

/**
 * Why a person was erased, as a code: a free-text reason ends up holding what erasure removes ("request from Ivo Cruz
 * via email"). A ticket reference, when given, is stored as a keyed hash, like the id.
 */
export const ERASURE_REASONS = [
  'data-subject-request',
  'consent-withdrawn',
  'account-closed',
  'legal-obligation',
  'data-correction',
  'other',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** Who erases, why (a code) and an optional ticket reference (hashed before it is stored). */
export interface ErasureOptions {
  actor: string;
  reason?: ErasureReason;
  ticket?: string;
}

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

export function erasureRecord(salt: string, id: string, options: ErasureOptions, relationships: number): AuditRecord {
  const details: Record<string, number | string> = { relationships };
  if (options.reason !== undefined) {
    if (!(ERASURE_REASONS as readonly string[]).includes(options.reason))
      throw new InvalidOptionsError('erasure', `"reason" must be one of ${ERASURE_REASONS.join(', ')}`);
    details.reason = options.reason;
  }
  if (options.ticket !== undefined) details.ticketHash = subjectHash(salt, `ticket:${options.ticket}`);
  return {
    at: new Date().toISOString(),
    action: 'erase-person',
    actor: options.actor,
    subjectHash: subjectHash(salt, id),
    details,
  };
}

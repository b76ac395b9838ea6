import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roleAllows } from '../../../server/auth/roles.ts';
import { TOKENS_FILE, TokenStore } from '../../../server/auth/tokens.ts';

describe('API tokens', () => {
  let data: string;
  let tokens: TokenStore;
  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), 'sway-tokens-'));
    tokens = new TokenStore(data);
  });
  afterEach(() => {
    tokens.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('stores the SHA-256 of a 32-byte random secret, never the secret', () => {
    const created = tokens.create({ role: 'analyst', name: 'crm sync' });
    expect(created.token).toMatch(/^sway_[A-Za-z0-9_-]{43}$/);
    const rows = new Database(join(data, TOKENS_FILE), { readonly: true })
      .prepare('SELECT * FROM tokens')
      .all() as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0].hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(5));
  });

  it('verifies a token to its identity, and nothing else', () => {
    const created = tokens.create({ role: 'admin' });
    expect(tokens.verify(created.token)).toEqual({ tokenId: created.tokenId, name: 'admin token', role: 'admin' });
    expect(tokens.verify(`${created.token}x`)).toBeNull();
    expect(tokens.verify(created.token.slice(0, -1))).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.create({ role: 'viewer' }).token).not.toBe(created.token);
  });

  it('revokes by public id and lists without secrets', () => {
    const a = tokens.create({ role: 'viewer', name: 'a' });
    const b = tokens.create({ role: 'analyst', name: 'b' });
    expect(tokens.revoke(a.tokenId)).toBe(true);
    expect(tokens.revoke(a.tokenId)).toBe(false);
    expect(tokens.verify(a.token)).toBeNull();
    expect(tokens.verify(b.token)?.role).toBe('analyst');
    const list = tokens.list();
    expect(list.map((t) => [t.name, t.role, t.revokedAt !== null])).toEqual([
      ['a', 'viewer', true],
      ['b', 'analyst', false],
    ]);
    expect(JSON.stringify(list)).not.toContain(a.token);
  });

  it('refuses unknown roles and empty names', () => {
    // @ts-expect-error: an unknown role on purpose
    expect(() => tokens.create({ role: 'owner' })).toThrow(/"role" must be one of viewer, analyst, admin/);
    expect(() => tokens.create({ role: 'viewer', name: '  ' })).toThrow(/"name" must be 1 to 100 characters/);
  });

  it('orders roles viewer < analyst < admin', () => {
    expect(roleAllows('admin', 'analyst')).toBe(true);
    expect(roleAllows('analyst', 'analyst')).toBe(true);
    expect(roleAllows('analyst', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'analyst')).toBe(false);
  });
});

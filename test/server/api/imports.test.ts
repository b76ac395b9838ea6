import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStar } from './fixtures.ts';
import { createClient, startTestServer, type Job, type TestServer } from './harness.ts';

function finished(client: ReturnType<typeof createClient>, id: string): Promise<Job> {
  return new Promise((resolve, reject) => {
    const subscription = client.jobs.progress.subscribe(
      { id },
      {
        onData: (event) => {
          if (event.type !== 'finished') return;
          subscription.unsubscribe();
          resolve(event.job);
        },
        onError: reject,
      },
    );
  });
}

describe('imports.create: uploads imported all or nothing in a job (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStar, score: true });
  });
  afterAll(() => server?.close());

  it('imports people and relationships CSV sent as text, then re-scores', async () => {
    const admin = server.client('admin');
    const before = await server.store.counts();
    const job = await admin.imports.create.mutate({
      format: 'csv',
      filename: 'relationships.csv',
      content: 'source,target,kind,weight\neve,ann,follows,1\neve,fay,follows,2\n',
      people: {
        filename: 'people.csv',
        content: 'id,label,segment\neve,Eve Example,regular\nfay,Fay Example,student\n',
      },
    });
    const done = await finished(admin, job.id);
    expect(done.status).toBe('succeeded');
    const result = done.result as {
      people: number;
      relationships: number;
      source: string;
      scoring: { version: number } | null;
    };
    expect(result).toMatchObject({ relationships: 2, source: 'relationships.csv' });
    const after = await server.store.counts();
    expect(after.people).toBe(before.people + 2);
    expect(after.relationships).toBe(before.relationships + 2);
    expect(result.scoring!.version).toBe(after.scoreVersion);
    const eve = await server.client('viewer').people.get.query({ id: 'eve' });
    expect(eve.person.label).toBe('Eve Example');
    expect(eve.scoreVersion).toBe(after.scoreVersion);
    expect(eve.scores.find((s) => s.column === 'pagerank')!.value).not.toBeNull();
  });

  it('imports a base64 edge list', async () => {
    const admin = server.client('admin');
    const content = Buffer.from('# a comment\nu1 u2\nu2 u3\n').toString('base64');
    const job = await admin.imports.create.mutate({
      format: 'edgelist',
      encoding: 'base64',
      content,
      kind: 'follows',
      score: false,
    });
    const done = await finished(admin, job.id);
    expect(done.status).toBe('succeeded');
    // "u1 u2" with kind follows: u1 follows u2, so u2 influences u1.
    const ego = await server.client('viewer').people.ego.query({ id: 'u2' });
    expect(ego.relationships.map((r) => `${r.source}>${r.target}`).sort()).toEqual(['u2>u1', 'u3>u2']);
  });

  it('fails a file with a bad row, naming the uploaded file, line and field, and keeps nothing from it', async () => {
    const admin = server.client('admin');
    const before = await server.store.counts();
    const job = await admin.imports.create.mutate({
      format: 'csv',
      filename: 'bad.csv',
      content: 'source,target,kind,weight\ngil,hal,follows,1\nhal,ivy,follows,heavy\n',
    });
    const done = await finished(admin, job.id);
    expect(done.status).toBe('failed');
    expect(done.error!.code).toBe('INVALID_INPUT');
    expect(done.error!.message).toMatch(/^bad\.csv:3: field "weight"/);
    expect(done.error!.message).not.toMatch(/sway-upload|\/tmp\//);
    expect(await server.store.counts()).toEqual(before);
    expect(await server.store.getPerson('gil')).toBeNull();
  });

  it('keeps upload names to safe file names', async () => {
    const admin = server.client('admin');
    const job = await admin.imports.create.mutate({
      format: 'edgelist',
      filename: '../../etc/passwd',
      content: 'p q r\n',
      score: false,
    });
    const done = await finished(admin, job.id);
    expect(done.status).toBe('failed');
    expect(done.error!.message).toMatch(/^passwd:1: field "weight"/);
  });

  it('rejects content that is not base64', async () => {
    const admin = server.client('admin');
    await expect(
      admin.imports.create.mutate({ format: 'edgelist', encoding: 'base64', content: 'not base64!' }),
    ).rejects.toThrow('Invalid input: content: is not valid base64');
  });
});

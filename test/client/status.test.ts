import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Status from '../../client/src/panels/Status.svelte';

describe('Status', () => {
  it('shows the error message and a retry button', () => {
    let retried = 0;
    render(Status, {
      status: 'error',
      problem: { kind: 'offline', message: 'The API cannot be reached.' },
      retry: () => retried++,
    });
    expect(screen.getByRole('alert').textContent).toContain('The API cannot be reached.');
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(retried).toBe(1);
  });
});

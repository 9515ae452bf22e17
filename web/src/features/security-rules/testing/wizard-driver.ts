// Test helpers for the rule wizard: role/label based, so the e2e page object can mirror them.
import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http } from 'msw';
import { expect } from 'vitest';
import { server } from '@/testing/msw/server';

/** Records JSON bodies sent to `method path` and lets the request continue to the fake API. */
export function captureBodies(method: 'post' | 'put', path: string): unknown[] {
  const bodies: unknown[] = [];
  server.use(
    http[method](`/api/v1${path}`, async ({ request }) => {
      bodies.push(await request.clone().json());
      return undefined;
    }),
  );
  return bodies;
}

export async function choose(
  user: UserEvent,
  comboboxName: string | RegExp,
  optionName: string | RegExp,
) {
  await user.click(screen.getByRole('combobox', { name: comboboxName }));
  await user.click(await screen.findByRole('option', { name: optionName }));
}

export async function next(user: UserEvent) {
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

/** Waits until the wizard shows `step` (its heading). */
export async function onStep(step: string) {
  await waitFor(() =>
    expect(screen.getByRole('heading', { level: 2, name: step })).toBeInTheDocument(),
  );
}

/** Fills Basics and Scope with valid values and stops on Conditions. */
export async function fillBasicsAndScope(user: UserEvent, name = 'Block critical in prod') {
  await user.type(await screen.findByRole('textbox', { name: /Rule name/ }), name);
  await next(user);
  await onStep('Scope');
  await user.type(screen.getByRole('textbox', { name: /Scope name/ }), 'Production');
  await next(user);
  await onStep('Conditions');
}

export function section(name: string) {
  return within(screen.getByRole('region', { name }));
}

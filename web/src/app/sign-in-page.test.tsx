import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

describe('sign-in', () => {
  it('sends a signed-out user to sign-in and back to where they were going', async () => {
    const { user, router } = renderApp({ route: '/admissions', role: null });
    expect(
      await screen.findByRole('heading', { name: 'Sign in to Gated Deployment' }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toContain('from=%2Fadmissions');

    await user.type(screen.getByLabelText(/user name/i), 'reader');
    await user.type(screen.getByLabelText(/password/i), 'password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(
      await screen.findByRole('heading', { name: 'Admission monitoring', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Security Reader')).toBeInTheDocument();
  });

  it('shows field errors from the shared schema and a clear message for a wrong password', async () => {
    const { user } = renderApp({ route: '/sign-in', role: null });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your user name')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();

    await user.type(screen.getByLabelText(/user name/i), 'admin');
    await user.type(screen.getByLabelText(/password/i), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/user name or password is wrong/i)).toBeInTheDocument();
  });
});

describe('sign-in with single sign-on', () => {
  it('offers the provider, explains a refusal, and hides the password form when it is off', async () => {
    db.signInOptions = {
      password: false,
      oidc: { name: 'Contoso ID', loginUrl: '/api/v1/auth/oidc/login' },
    };
    renderApp({ route: '/sign-in?sso=refused&from=%2Frules', role: null });
    const link = await screen.findByRole('link', { name: 'Sign in with Contoso ID' });
    expect(link).toHaveAttribute('href', '/api/v1/auth/oidc/login?from=%2Frules');
    expect(screen.getByText(/Contoso ID account is not in a group/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/password/i)).not.toBeInTheDocument();
  });
});

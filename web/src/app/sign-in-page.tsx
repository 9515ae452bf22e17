import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Title2,
} from '@fluentui/react-components';
import {
  type LoginInput,
  LoginInputSchema,
  type SsoOutcome,
  SsoOutcomeSchema,
} from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { signInOptionsQueryOptions } from '@/api/sign-in-options';
import { HOME_PATH } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { useMe, useSignIn } from '@/lib/auth';
import { Panel } from '@/components/panel';
import { useSignInPageStyles } from './sign-in-page.styles';

/** Only same-app paths are followed after sign-in (no open redirect). */
function safeFrom(from: string | null): string {
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in')
    ? from
    : HOME_PATH;
}

/** What the sign-in page says when single sign-on came back without a session (`?sso=`). */
function ssoMessage(outcome: SsoOutcome, provider: string): string {
  switch (outcome) {
    case 'refused':
      return `Your ${provider} account is not in a group that grants access to Gated Deployment. Ask an administrator to add you to the Security Admin or Security Reader group.`;
    case 'cancelled':
      return `Sign-in at ${provider} was cancelled.`;
    case 'unavailable':
      return `${provider} cannot be reached right now. Try again in a moment.`;
    case 'failed':
      return 'Single sign-on could not be completed. Start again from this page.';
  }
}

export default function SignInPage() {
  const styles = useSignInPageStyles();
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const target = safeFrom(search.get('from'));
  const options = useQuery(signInOptionsQueryOptions()).data;
  const sso = SsoOutcomeSchema.safeParse(search.get('sso'));
  const ssoFailure = sso.success
    ? ssoMessage(sso.data, options?.oidc?.name ?? 'single sign-on')
    : null;
  const { control, handleSubmit, formState } = useForm<LoginInput>({
    resolver: zodResolver(LoginInputSchema),
    defaultValues: { username: '', password: '' },
  });

  if (me.data) return <Navigate to={target} replace />;

  const onSubmit = handleSubmit((input) =>
    signIn.mutateAsync(input).then(
      () => navigate(target, { replace: true }),
      () => undefined, // shown below from signIn.error
    ),
  );

  const failure = signIn.error
    ? isApiError(signIn.error, 401)
      ? 'The user name or password is wrong. Check them and try again.'
      : signIn.error.message
    : null;

  return (
    <main className={styles.root}>
      <Panel className={styles.card}>
        <Title2 as="h1">Sign in to Gated Deployment</Title2>
        {ssoFailure && (
          <MessageBar intent="error">
            <MessageBarBody>{ssoFailure}</MessageBarBody>
          </MessageBar>
        )}
        {options?.oidc && (
          <Button
            as="a"
            appearance="primary"
            href={`${options.oidc.loginUrl}?from=${encodeURIComponent(target)}`}
          >
            Sign in with {options.oidc.name}
          </Button>
        )}
        {options?.password !== false && (
          <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
            {failure && (
              <MessageBar intent="error">
                <MessageBarBody>{failure}</MessageBarBody>
              </MessageBar>
            )}
            <Controller
              control={control}
              name="username"
              render={({ field, fieldState }) => (
                <Field label="User name" required validationMessage={fieldState.error?.message}>
                  <Input {...field} autoComplete="username" autoFocus />
                </Field>
              )}
            />
            <Controller
              control={control}
              name="password"
              render={({ field, fieldState }) => (
                <Field label="Password" required validationMessage={fieldState.error?.message}>
                  <Input {...field} type="password" autoComplete="current-password" />
                </Field>
              )}
            />
            <Button
              type="submit"
              appearance="primary"
              disabled={formState.isSubmitting}
              icon={formState.isSubmitting ? <Spinner size="tiny" /> : undefined}
            >
              Sign in
            </Button>
          </form>
        )}
      </Panel>
    </main>
  );
}

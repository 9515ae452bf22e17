/**
 * The cloud credential providers the gate switches on from its configuration (env.ts builds the
 * config; docs/decisions/070-registry-credentials.md says which source decides what):
 * ACR through Azure workload identity with the client id per registry from the synced policy's
 * `securityGating.identities[]`, ECR through IRSA web identity, Google through the GKE metadata
 * server or an external_account (workload identity federation) file. Every token request goes
 * through the outbound guard; the metadata server is the one internal address listed, for Google only.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { guardedFetchFunction, type OutboundPolicy } from '../outbound-guard.js';
import { AcrCredentials } from './acr.js';
import type { CredentialProvider } from './credentials.js';
import { EcrCredentials } from './ecr.js';
import { GarCredentials } from './gar.js';

/** One `securityGating.identities[]` entry, as far as credentials care. */
export interface RegistryIdentity {
  azureContainerRegistry: string;
  identity: { clientId: string };
}

export interface CloudCredentialConfig {
  azure?: {
    tenantId: string;
    /** AZURE_CLIENT_ID: the service account's own identity, for ACRs identities[] does not list. */
    clientId?: string;
    federatedTokenFile: string;
    authorityHost?: string;
    /** Base URL of /oauth2/exchange for every registry (tests); default the registry itself. */
    exchangeUrl?: string;
  };
  aws?: {
    roleArn: string;
    webIdentityTokenFile: string;
    region?: string;
    stsEndpoint?: string;
    ecrEndpoint?: string;
    /** Hosts served besides `<account>.dkr.ecr.<region>.amazonaws.com` (they need `region`). */
    registries: readonly string[];
  };
  google?:
    | { mode: 'metadata'; metadataHost?: string; registries: readonly string[] }
    | { mode: 'external-account'; credentialsFile: string; registries: readonly string[] };
}

/**
 * The login server an identities[] entry names: `myacr`, `myacr.azurecr.io` or the registry's
 * resource id all mean `myacr.azurecr.io`; anything with a dot or a port is taken as written.
 */
export function acrLoginServer(entry: string): string {
  const value = entry.trim().toLowerCase();
  const byId = /\/providers\/microsoft\.containerregistry\/registries\/([a-z0-9]+)\/?$/.exec(value);
  if (byId?.[1]) return `${byId[1]}.azurecr.io`;
  return /[.:]/.test(value) ? value : `${value}.azurecr.io`;
}

/** Google's `external_account` credential file (file-sourced subject tokens only). */
const ExternalAccountSchema = z.looseObject({
  type: z.literal('external_account'),
  audience: z.string().min(1),
  subject_token_type: z.string().min(1),
  token_url: z.url().optional(),
  service_account_impersonation_url: z.url().optional(),
  credential_source: z.looseObject({ file: z.string().min(1) }),
});

function readExternalAccount(file: string): z.infer<typeof ExternalAccountSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').slice(0, 64 * 1024));
  } catch (e) {
    throw new Error(`GOOGLE_APPLICATION_CREDENTIALS ${file}: ${(e as Error).message}`);
  }
  const parsed = ExternalAccountSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `GOOGLE_APPLICATION_CREDENTIALS ${file}: not a file-sourced external_account (${parsed.error.issues
        .map((i) => i.path.join('.') || i.message)
        .join(', ')})`,
    );
  return parsed.data;
}

/**
 * Providers in the order they are asked (pull secrets, when handed in, come before all of them).
 * `identities` is read on every lookup: the policy the gate syncs can change it at any time.
 */
export function cloudCredentialProviders(
  config: CloudCredentialConfig,
  identities: () => readonly RegistryIdentity[],
  outbound: OutboundPolicy,
): CredentialProvider[] {
  const providers: CredentialProvider[] = [];
  const fetchGuarded = guardedFetchFunction(outbound);
  if (config.azure) {
    const a = config.azure;
    providers.push(
      new AcrCredentials({
        tenantId: a.tenantId,
        federatedTokenFile: a.federatedTokenFile,
        ...(a.clientId ? { clientId: a.clientId } : {}),
        ...(a.authorityHost ? { authorityHost: a.authorityHost } : {}),
        ...(a.exchangeUrl ? { registryUrl: () => a.exchangeUrl ?? '' } : {}),
        clientIdFor: (registry) => {
          const host = registry.toLowerCase();
          return identities().find((i) => acrLoginServer(i.azureContainerRegistry) === host)
            ?.identity.clientId;
        },
        fetch: fetchGuarded,
      }),
    );
  }
  if (config.aws) {
    const a = config.aws;
    providers.push(
      new EcrCredentials({
        roleArn: a.roleArn,
        webIdentityTokenFile: a.webIdentityTokenFile,
        ...(a.region ? { region: a.region } : {}),
        ...(a.stsEndpoint ? { stsEndpoint: () => a.stsEndpoint ?? '' } : {}),
        ...(a.ecrEndpoint ? { ecrEndpoint: () => a.ecrEndpoint ?? '' } : {}),
        registries: a.registries,
        fetch: fetchGuarded,
      }),
    );
  }
  if (config.google) {
    const g = config.google;
    const registries = [...g.registries, '*-docker.pkg.dev', 'gcr.io', '*.gcr.io'];
    if (g.mode === 'metadata') {
      const host = g.metadataHost ?? 'metadata.google.internal';
      // The metadata server is link-local (169.254.169.254): listed for this provider's requests only.
      const withMetadata = guardedFetchFunction({
        ...outbound,
        allowed: [...outbound.allowed, host.includes(':') ? host : `${host}:80`],
      });
      providers.push(
        new GarCredentials({
          mode: 'metadata',
          metadataUrl: `http://${host}`,
          registries,
          fetch: withMetadata,
        }),
      );
    } else {
      const account = readExternalAccount(g.credentialsFile);
      providers.push(
        new GarCredentials({
          mode: 'workloadIdentityFederation',
          audience: account.audience,
          subjectTokenFile: account.credential_source.file,
          subjectTokenType: account.subject_token_type,
          ...(account.token_url ? { stsEndpoint: account.token_url } : {}),
          ...(account.service_account_impersonation_url
            ? { serviceAccountImpersonationUrl: account.service_account_impersonation_url }
            : {}),
          registries,
          fetch: fetchGuarded,
        }),
      );
    }
  }
  return providers;
}

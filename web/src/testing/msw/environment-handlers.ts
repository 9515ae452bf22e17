import {
  ClusterListSchema,
  ClusterSchema,
  EnvironmentListSchema,
  EnvironmentSchema,
  PatchEnvironmentInputSchema,
  RegisterClusterInputSchema,
  RegisteredClusterSchema,
  SecurityGatingBlockSchema,
  toggleHierarchyIssues,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { makeCluster } from './factories';
import { db } from './mock-db';
import { parseBody, problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;
const now = () => new Date().toISOString();

export const environmentHandlers = [
  http.get(api('/environments'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    return respond(EnvironmentListSchema, { items: db.environments });
  }),
  http.get(api('/environments/:id'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const env = db.environments.find((e) => e.id === params.id);
    return env ? respond(EnvironmentSchema, env) : problem(404, 'No such environment');
  }),
  http.patch(api('/environments/:id'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, PatchEnvironmentInputSchema);
    if ('error' in body) return body.error;
    const env = db.environments.find((e) => e.id === params.id);
    if (!env) return problem(404, 'No such environment');
    const patch = body.data;
    const extensions = {
      defenderSensor: { ...env.extensions.defenderSensor, ...patch.extensions?.defenderSensor },
      registryAccess: { ...env.extensions.registryAccess, ...patch.extensions?.registryAccess },
    };
    const issues = toggleHierarchyIssues(extensions);
    if (issues.length > 0) {
      const errors = issues.map((i) => ({
        path: ['extensions', ...i.path].join('.'),
        message: i.message,
      }));
      return problem(400, errors[0]?.message ?? 'Toggle hierarchy', errors);
    }
    const installs = extensions.defenderSensor.securityGating && !env.gatingInstalledAt;
    Object.assign(env, {
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.ungatedRegistries ? { ungatedRegistries: patch.ungatedRegistries } : {}),
      extensions,
      gatingInstalledAt: installs ? now() : env.gatingInstalledAt,
      revision: env.revision + 1,
      updatedAt: now(),
    });
    return respond(EnvironmentSchema, env);
  }),
  http.post(api('/environments/:id/security-gating'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const env = db.environments.find((e) => e.id === params.id);
    if (!env) return problem(404, 'No such environment');
    if (env.gatingInstalledAt) return problem(409, 'Security gating is already installed');
    env.gatingInstalledAt = now();
    return respond(EnvironmentSchema, env, { status: 201 });
  }),
  http.get(api('/clusters'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const envId = new URL(request.url).searchParams.get('environmentId');
    return respond(ClusterListSchema, {
      items: db.clusters.filter((c) => !envId || c.environmentId === envId),
    });
  }),
  http.get(api('/clusters/:id'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const cluster = db.clusters.find((c) => c.id === params.id);
    return cluster ? respond(ClusterSchema, cluster) : problem(404, 'No such cluster');
  }),
  http.post(api('/clusters'), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, RegisterClusterInputSchema);
    if ('error' in body) return body.error;
    if (!db.environments.some((e) => e.id === body.data.environmentId)) {
      return problem(400, 'No such environment', [
        { path: 'environmentId', message: 'Choose an existing environment' },
      ]);
    }
    if (
      db.clusters.some(
        (c) => c.environmentId === body.data.environmentId && c.name === body.data.name,
      )
    ) {
      return problem(409, 'A cluster with this name exists', [
        { path: 'name', message: 'This name is taken in the environment' },
      ]);
    }
    const cluster = makeCluster({
      ...body.data,
      id: `cluster-${db.clusters.length + 100}`,
      lastSeenAt: null,
      gateVersion: null,
      policyRevision: null,
      gateP99Ms: null,
      createdAt: now(),
    });
    db.clusters.push(cluster);
    const gateToken = `gtk_${cluster.id}_${'x'.repeat(24)}`;
    db.gateTokens[cluster.id] = gateToken;
    return respond(RegisteredClusterSchema, { cluster, gateToken }, { status: 201 });
  }),
  http.delete(api('/clusters/:id'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const before = db.clusters.length;
    db.clusters = db.clusters.filter((c) => c.id !== params.id);
    return before === db.clusters.length
      ? problem(404, 'No such cluster')
      : new HttpResponse(null, { status: 204 });
  }),
  http.put(api('/clusters/:id/security-gating'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, SecurityGatingBlockSchema);
    if ('error' in body) return body.error;
    const cluster = db.clusters.find((c) => c.id === params.id);
    if (!cluster) return problem(404, 'No such cluster');
    cluster.securityGating = body.data;
    return respond(ClusterSchema, cluster);
  }),
];

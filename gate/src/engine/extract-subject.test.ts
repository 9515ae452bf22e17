import { describe, expect, it } from 'vitest';
import {
  admissionRequest,
  loadFixture,
  type FixtureName,
} from '../../testdata/k8s/admission-review.js';
import { extractSubject, isSubjectError } from './extract-subject.js';
import type { AdmissionSubject } from './types.js';

function subjectOf(request: ReturnType<typeof admissionRequest>): AdmissionSubject {
  const subject = extractSubject(request);
  if (isSubjectError(subject)) throw new Error(`unexpected error: ${subject.error}`);
  return subject;
}

const WEB_IMAGES = [
  'container:api:myacr.azurecr.io/shop/api:1.4',
  'container:sidecar:localhost:5000/tools/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'container:nginx:nginx',
  'initContainer:init-db:myacr.azurecr.io/shop/init-db:0.9',
];

describe('extractSubject: every workload kind', () => {
  const cases: {
    fixture: FixtureName;
    kind: string;
    name: string;
    owner: AdmissionSubject['owner'];
    controllerOwned: boolean;
    deploymentName: string | null;
    podName: string | null;
    images: string[];
    labels: Record<string, string>;
  }[] = [
    {
      fixture: 'deployment',
      kind: 'Deployment',
      name: 'web',
      owner: null,
      controllerOwned: false,
      deploymentName: 'web',
      podName: 'web',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'replicaset',
      kind: 'ReplicaSet',
      name: 'web-5d4f8c7b9',
      owner: { kind: 'Deployment', name: 'web' },
      controllerOwned: false,
      deploymentName: 'web',
      podName: 'web-5d4f8c7b9',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '5d4f8c7b9' },
    },
    {
      fixture: 'pod',
      kind: 'Pod',
      name: 'web-debug',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'web-debug',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'pod-of-replicaset',
      kind: 'Pod',
      name: 'web-5d4f8c7b9-',
      owner: { kind: 'Deployment', name: 'web' },
      controllerOwned: true,
      deploymentName: 'web',
      podName: 'web-5d4f8c7b9-',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '5d4f8c7b9' },
    },
    {
      fixture: 'pod-of-statefulset',
      kind: 'Pod',
      name: 'db-0',
      owner: { kind: 'StatefulSet', name: 'db' },
      controllerOwned: true,
      deploymentName: null,
      podName: 'db-0',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'statefulset',
      kind: 'StatefulSet',
      name: 'db',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'db',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'daemonset',
      kind: 'DaemonSet',
      name: 'agent',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'agent',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'replicationcontroller',
      kind: 'ReplicationController',
      name: 'legacy',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'legacy',
      images: WEB_IMAGES,
      labels: { app: 'web', tier: 'frontend' },
    },
    {
      fixture: 'job',
      kind: 'Job',
      name: 'migrate',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'migrate',
      images: ['container:migrate:myacr.azurecr.io/shop/migrate:2.0'],
      labels: {},
    },
    {
      fixture: 'cronjob',
      kind: 'CronJob',
      name: 'nightly',
      owner: null,
      controllerOwned: false,
      deploymentName: null,
      podName: 'nightly',
      images: ['container:nightly:myacr.azurecr.io/shop/report:3.1'],
      labels: {},
    },
  ];

  it.each(cases)('$fixture → $kind $name', (c) => {
    const subject = subjectOf(admissionRequest(loadFixture(c.fixture)));
    expect(subject.kind).toBe(c.kind);
    expect(subject.name).toBe(c.name);
    expect(subject.namespace).toBe('shop');
    expect(subject.operation).toBe('CREATE');
    expect(subject.user).toBe('alice@example.com');
    expect(subject.owner).toEqual(c.owner);
    expect(subject.controllerOwned).toBe(c.controllerOwned);
    expect(subject.deploymentName).toBe(c.deploymentName);
    expect(subject.podName).toBe(c.podName);
    expect(subject.labels).toEqual(c.labels);
    expect(subject.images.map((i) => `${i.containerType}:${i.container}:${i.reference}`)).toEqual(
      c.images,
    );
    expect(subject.previousImages.size).toBe(0);
  });

  it('reads CronJob images one level deeper, in spec.jobTemplate.spec.template', () => {
    const cronjob = loadFixture('cronjob');
    const flat = {
      ...cronjob,
      spec: { template: { spec: { containers: [{ name: 'x', image: 'wrong:1' }] } } },
    };
    expect(extractSubject(admissionRequest(flat))).toMatchObject({ category: 'malformed' });
  });

  it.each([
    ['DaemonSet', true],
    ['Job', true],
    ['ReplicaSet', true],
    ['StatefulSet', true],
    ['Deployment', false],
    ['CronJob', false],
  ])('a pod with a controller ownerReference to %s is controller-owned: %s', (ownerKind, owned) => {
    const pod = loadFixture('pod-of-statefulset');
    (pod.metadata as Record<string, unknown>).ownerReferences = [
      { apiVersion: 'apps/v1', kind: ownerKind, name: 'x', uid: 'u', controller: true },
    ];
    const subject = subjectOf(admissionRequest(pod));
    expect(subject.controllerOwned).toBe(owned);
    expect(subject.owner).toEqual({ kind: ownerKind, name: 'x' });
  });

  it('an ownerReference without controller: true does not make a pod controller-owned', () => {
    const pod = loadFixture('pod-of-statefulset');
    (pod.metadata as Record<string, unknown>).ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u' },
    ];
    expect(subjectOf(admissionRequest(pod)).controllerOwned).toBe(false);
  });

  it('a pod of a bare ReplicaSet (no pod-template-hash) keeps the ReplicaSet as owner and has no Deployment', () => {
    const pod = loadFixture('pod-of-replicaset');
    delete (pod.metadata as { labels: Record<string, string> }).labels['pod-template-hash'];
    const subject = subjectOf(admissionRequest(pod));
    expect(subject.owner).toEqual({ kind: 'ReplicaSet', name: 'web-5d4f8c7b9' });
    expect(subject.deploymentName).toBeNull();
  });
});

describe('extractSubject: subresource, UPDATE, dry run', () => {
  it('pods/ephemeralcontainers: ephemeral containers count, the pod containers are already running', () => {
    const pod = loadFixture('pod-with-ephemeral');
    const subject = subjectOf(
      admissionRequest(pod, {
        operation: 'UPDATE',
        subResource: 'ephemeralcontainers',
        oldObject: loadFixture('pod'),
      }),
    );
    expect(subject.images.filter((i) => i.containerType === 'ephemeralContainer')).toEqual([
      {
        container: 'debugger-x7k2p',
        containerType: 'ephemeralContainer',
        reference: 'myacr.azurecr.io/tools/debug:1.0',
      },
    ]);
    expect(subject.images).toHaveLength(5);
    expect([...subject.previousImages].sort()).toEqual([
      'docker.io/library/nginx:latest',
      'localhost:5000/tools/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'myacr.azurecr.io/shop/api:1.4',
      'myacr.azurecr.io/shop/init-db:0.9',
    ]);
  });

  it('the pre-1.22 EphemeralContainers object is read too', () => {
    const request = admissionRequest({
      kind: 'EphemeralContainers',
      metadata: { name: 'web-debug', namespace: 'shop' },
      ephemeralContainers: [{ name: 'dbg', image: 'busybox' }],
    });
    const subject = subjectOf({
      ...request,
      kind: { group: '', version: 'v1', kind: 'EphemeralContainers' },
      subResource: 'ephemeralcontainers',
    });
    expect(subject.kind).toBe('Pod');
    expect(subject.images).toEqual([
      { container: 'dbg', containerType: 'ephemeralContainer', reference: 'busybox' },
    ]);
  });

  it('UPDATE: previousImages are the normalised images of oldObject; CREATE ignores oldObject', () => {
    const old = loadFixture('deployment');
    const updated = loadFixture('deployment');
    (
      (updated.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0] ?? { image: '' }
    ).image = 'myacr.azurecr.io/shop/api:1.5';
    const subject = subjectOf(admissionRequest(updated, { operation: 'UPDATE', oldObject: old }));
    expect(subject.previousImages.has('myacr.azurecr.io/shop/api:1.4')).toBe(true);
    expect(subject.previousImages.has('docker.io/library/nginx:latest')).toBe(true);
    expect(subject.previousImages.has('myacr.azurecr.io/shop/api:1.5')).toBe(false);
    expect(
      subjectOf(admissionRequest(updated, { operation: 'CREATE', oldObject: old })).previousImages
        .size,
    ).toBe(0);
  });

  it('passes the dry-run flag through', () => {
    expect(subjectOf(admissionRequest(loadFixture('job'), { dryRun: true })).dryRun).toBe(true);
    expect(subjectOf(admissionRequest(loadFixture('job'))).dryRun).toBe(false);
  });
});

describe('extractSubject: clean errors', () => {
  const deployment = loadFixture('deployment');
  it.each([
    [
      'DELETE is ignored',
      { ...admissionRequest(deployment), operation: 'DELETE' as const },
      'ignored',
    ],
    [
      'a ConfigMap is ignored',
      admissionRequest({ kind: 'ConfigMap', metadata: { name: 'x' }, data: {} }),
      'ignored',
    ],
    [
      'the status subresource is ignored',
      { ...admissionRequest(deployment), subResource: 'status' },
      'ignored',
    ],
    [
      'a missing object is malformed',
      { ...admissionRequest(deployment), object: undefined },
      'malformed',
    ],
    [
      'a Deployment without a template is malformed',
      admissionRequest({ kind: 'Deployment', metadata: { name: 'x' }, spec: {} }),
      'malformed',
    ],
    [
      'a container without an image is malformed',
      admissionRequest({
        kind: 'Pod',
        metadata: { name: 'x' },
        spec: { containers: [{ name: 'a' }] },
      }),
      'malformed',
    ],
    [
      'containers that are not a list are malformed',
      admissionRequest({
        kind: 'Pod',
        metadata: { name: 'x' },
        spec: { containers: { image: 'a' } },
      }),
      'malformed',
    ],
  ])('%s', (_, request, category) => {
    const result = extractSubject(request);
    expect(isSubjectError(result)).toBe(true);
    expect(result).toMatchObject({ category });
    expect((result as { error: string }).error.length).toBeGreaterThan(5);
  });
});

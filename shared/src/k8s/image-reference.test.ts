import { describe, expect, it } from 'vitest';
import { isImageReferenceError, parseImageReference } from './image-reference.js';

const D = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', undefined, 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined, 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', undefined, 'docker.io/bitnami/redis:7'],
    [
      'index.docker.io/library/nginx',
      'docker.io',
      'library/nginx',
      'latest',
      undefined,
      'docker.io/library/nginx:latest',
    ],
    [
      'registry-1.docker.io/nginx:1',
      'docker.io',
      'library/nginx',
      '1',
      undefined,
      'docker.io/library/nginx:1',
    ],
    [
      'myacr.azurecr.io/shop/api:1.4',
      'myacr.azurecr.io',
      'shop/api',
      '1.4',
      undefined,
      'myacr.azurecr.io/shop/api:1.4',
    ],
    [
      'MyACR.AzureCR.io/shop/api',
      'myacr.azurecr.io',
      'shop/api',
      'latest',
      undefined,
      'myacr.azurecr.io/shop/api:latest',
    ],
    [
      'localhost:5000/app',
      'localhost:5000',
      'app',
      'latest',
      undefined,
      'localhost:5000/app:latest',
    ],
    ['localhost/app:dev', 'localhost', 'app', 'dev', undefined, 'localhost/app:dev'],
    [
      'registry.example.com:8443/team/app:v2',
      'registry.example.com:8443',
      'team/app',
      'v2',
      undefined,
      'registry.example.com:8443/team/app:v2',
    ],
    [
      `localhost:5000/tools/sidecar@${D}`,
      'localhost:5000',
      'tools/sidecar',
      undefined,
      D,
      `localhost:5000/tools/sidecar@${D}`,
    ],
    [
      `nginx:1.27@${D}`,
      'docker.io',
      'library/nginx',
      '1.27',
      D,
      `docker.io/library/nginx:1.27@${D}`,
    ],
    ['gcr.io/a/b/c:1', 'gcr.io', 'a/b/c', '1', undefined, 'gcr.io/a/b/c:1'],
  ])('%s → %s', (input, registry, repository, tag, digest, normalized) => {
    const r = parseImageReference(input);
    if (isImageReferenceError(r)) throw new Error(r.error);
    expect(r).toEqual({ original: input, registry, repository, tag, digest, normalized });
  });

  it.each([
    '',
    '   ',
    'UPPER/case',
    'nginx:bad tag',
    'nginx@sha256:short',
    'a//b',
    `${'x'.repeat(1025)}`,
    'nginx:',
  ])('rejects %j without throwing', (input) => {
    const r = parseImageReference(input);
    expect(isImageReferenceError(r)).toBe(true);
  });

  it('quotes at most the first 200 characters of a refused input, and says how long it was', () => {
    for (const input of [`${'x'.repeat(3_000_000)}`, `${' '.repeat(3_000_000)}nginx:bad tag`]) {
      const r = parseImageReference(input);
      if (!isImageReferenceError(r)) throw new Error('accepted');
      expect(r.error.length).toBeLessThan(300);
      expect(r.error).toContain(`(${input.length} characters)`);
    }
    expect(parseImageReference('nginx:bad tag')).toEqual({
      error: 'invalid tag in image reference "nginx:bad tag"',
    });
  });
});

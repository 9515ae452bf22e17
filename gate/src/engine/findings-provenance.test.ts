import type { FindingsReport } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { DIGEST_API, NOW, policy, report, rule, vuln } from '../testing/builders.js';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import type { AdmissionDecision, FindingsLookup } from './types.js';

const TAG = 'myacr.azurecr.io/shop/migrate:2.0';

/** The Job fixture (one image) under one rule, its image answered with `found` from `source`. */
function evaluate(
  found: FindingsReport,
  source: string,
  requireSignedFindings = false,
): AdmissionDecision {
  const lookup: FindingsLookup = {
    resolveDigest: (normalized) => (normalized === TAG ? DIGEST_API : undefined),
    findings: () => ({ status: 'found', report: found, source }),
  };
  const compiled = compilePolicy(
    policy([rule({ name: 'r', action: 'Deny', blockUnscanned: true, requireSignedFindings })]),
  );
  const result = evaluateAdmission(admissionRequest(loadFixture('job')), compiled, lookup, NOW);
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

describe('the trace says where findings came from and who vouches for them', () => {
  it('a registry attestation: its source, its verified signer, and the VEX statement that suppressed a finding', () => {
    const found: FindingsReport = {
      ...report(DIGEST_API, [vuln('CVE-2024-0002', 'Low')]),
      source: 'registry',
      format: 'in-toto',
      signature: { status: 'verified', signer: 'ci-release' },
      suppressed: [
        {
          id: 'CVE-2024-0001',
          package: 'openssl',
          status: 'not_affected',
          source: 'openvex shop-vex',
          statement: 2,
        },
      ],
    };
    const decision = evaluate(found, 'registry:in-toto', true);
    expect(decision.decision).toBe('Allow');
    expect(decision.trace.images[0]).toMatchObject({
      findingsSource: 'registry:in-toto',
      signature: { status: 'verified', signer: 'ci-release' },
      suppressed: [
        {
          id: 'CVE-2024-0001',
          package: 'openssl',
          status: 'not_affected',
          source: 'openvex shop-vex',
          statement: 2,
        },
      ],
    });
  });

  it('an untrusted report: the trace keeps its signature detail and the deny message says why', () => {
    const found: FindingsReport = {
      ...report(DIGEST_API, []),
      source: 'registry',
      signature: { status: 'untrusted', detail: '1 signature, none by a trusted signer' },
    };
    const decision = evaluate(found, 'registry:trivy', true);
    expect(decision.decision).toBe('Deny');
    expect(decision.message).toContain('findings report not signed by a trusted signer');
    expect(decision.trace.images[0]).toMatchObject({
      findingsSource: 'registry:trivy',
      signature: { status: 'untrusted' },
    });
  });

  it('an upload is vouched for by its uploader', () => {
    const found: FindingsReport = {
      ...report(DIGEST_API, []),
      signature: { status: 'verified', signer: 'upload:ci-bot' },
    };
    const image = evaluate(found, 'upload:trivy', true).trace.images[0];
    expect(image?.findingsSource).toBe('upload:trivy');
    expect(image?.signature?.signer).toBe('upload:ci-bot');
  });
});

import { request } from 'node:https';
import {
  AdmissionReviewResponseSchema,
  type AdmissionReviewRequest,
  type AdmissionResponse,
} from '@gated/shared';

/** Raw HTTPS GET/POST to the gate, trusting its self-signed certificate (local use only). */
export function gateRequest(
  baseUrl: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: payload === undefined ? 'GET' : 'POST',
        rejectUnauthorized: false,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`gate ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sends an AdmissionReview to the gate's webhook as the API server does and returns its `response`. */
export async function sendAdmissionReview(
  gateUrl: string,
  review: AdmissionReviewRequest,
): Promise<AdmissionResponse> {
  const { status, text } = await gateRequest(gateUrl, '/validate', review);
  if (status !== 200) throw new Error(`gate answered ${status}: ${text.slice(0, 500)}`);
  const parsed = AdmissionReviewResponseSchema.parse(JSON.parse(text));
  if (parsed.response.uid !== review.request.uid) {
    throw new Error(`gate echoed uid ${parsed.response.uid}, expected ${review.request.uid}`);
  }
  return parsed.response;
}

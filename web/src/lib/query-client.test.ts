import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { shouldRetry } from './query-client';

describe('retry policy', () => {
  it('never retries a 4xx: the request itself is wrong', () => {
    expect(shouldRetry(0, new ApiError(400, 'INVALID_INPUT', 'bad'))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, 'NOT_FOUND', 'gone'))).toBe(false);
  });

  it('retries server and network failures, at most 3 tries in all', () => {
    const error = new ApiError(503, 'UNAVAILABLE', 'later');
    expect(shouldRetry(0, error)).toBe(true);
    expect(shouldRetry(1, error)).toBe(true);
    expect(shouldRetry(2, error)).toBe(false);
    expect(shouldRetry(0, new ApiError(0, 'NETWORK', 'offline'))).toBe(true);
  });
});

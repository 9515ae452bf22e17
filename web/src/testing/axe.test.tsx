import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './axe';

describe('expectNoSeriousA11yViolations', () => {
  it('fails on a critical violation (an unlabelled form field)', async () => {
    const { container } = render(<input type="text" />);
    await expect(expectNoSeriousA11yViolations(container)).rejects.toThrow(/label/);
  });
});

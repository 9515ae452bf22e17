// axe-core in jsdom: fails on serious or critical violations (the e2e suite repeats this in a
// real browser, where colour contrast can be computed; jsdom cannot, so that rule is off here).
import axe from 'axe-core';
import { expect } from 'vitest';

export async function expectNoSeriousA11yViolations(root: Element = document.body): Promise<void> {
  const results = await axe.run(root, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  });
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
    );
  expect(serious, serious.join('\n')).toEqual([]);
}

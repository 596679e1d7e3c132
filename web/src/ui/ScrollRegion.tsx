import type { ReactNode } from 'react';

/**
 * A labelled, keyboard-focusable region that scrolls sideways when a wide table does not fit, so
 * keyboard users can scroll it too (antd's own scroll container cannot take focus).
 */
export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (WCAG 2.1.1)
    <section aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </section>
  );
}

import type { AbstractNode, IconDefinition } from '@ant-design/icons-svg/es/types';
import { createElement, type ReactNode } from 'react';

// The console's icons (Ant Design's, from their SVG data) without @ant-design/icons' runtime: that
// runtime injects a style sheet, reads a context and resolves colours for every icon it draws,
// which a first screen on a slow phone pays for twenty times over. Here an icon is its SVG, sized
// and coloured by the text around it as the console's are (lite.css: .gl-icon).

const draw = (node: AbstractNode, key?: number): ReactNode =>
  createElement(node.tag, { ...node.attrs, key }, node.children?.map(draw));

/**
 * One icon. Decorative unless it has a `label` (its accessible name); a labelled icon is an image.
 * Two-tone icons take their main colour from `color`.
 */
export function Icon({ icon, label, color }: { icon: IconDefinition; label?: string; color?: string }) {
  const root = typeof icon.icon === 'function' ? icon.icon(color ?? 'currentColor', '#fff0f0') : icon.icon;
  return (
    <span className="gl-icon" {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}>
      {createElement(
        'svg',
        { ...root.attrs, width: '1em', height: '1em', fill: 'currentColor' },
        root.children?.map(draw),
      )}
    </span>
  );
}

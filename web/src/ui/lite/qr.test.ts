import { QRCodeSVG } from '@rc-component/qrcode';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { encodeQr } from './qr-encode';

describe('the QR code drawn off the main thread', () => {
  it('is the code the QR library draws, module for module', () => {
    const token = `v1.${'eyJtZW1iZXIiOjEyMzQ1LCJleHAiOjE3OTk5OTk5OTl9'.repeat(3)}.c2lnbmF0dXJl`;
    for (const [text, margin] of [
      [token, 2],
      ['12351', 0],
      ['会员证 Gonghui', 4],
    ] as const) {
      const markup = renderToStaticMarkup(createElement(QRCodeSVG, { value: text, level: 'M', marginSize: margin }));
      const encoded = encodeQr(text, margin);
      expect(markup).toContain(`viewBox="0 0 ${encoded.cells} ${encoded.cells}"`);
      expect(markup).toContain(`d="${encoded.path}"`);
    }
  });

  it('is still drawn when the worker cannot start (its script failed to load): the page encodes it', async () => {
    const started: { terminated: boolean }[] = [];
    vi.stubGlobal(
      'Worker',
      class {
        onerror: (() => void) | null = null;
        onmessage = null;
        terminated = false;
        constructor() {
          started.push(this);
          setTimeout(() => this.onerror?.(), 0);
        }
        postMessage() {}
        terminate() {
          this.terminated = true;
        }
      },
    );
    try {
      const { encode } = await import('./qr');
      const [first, later] = await Promise.all([encode('12351', 2), encode('会员证', 0)]);
      expect(first).toEqual(encodeQr('12351', 2));
      expect(later).toEqual(encodeQr('会员证', 0));
      expect(await encode('after', 1)).toEqual(encodeQr('after', 1));
      expect(started).toHaveLength(1);
      expect(started[0]!.terminated).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

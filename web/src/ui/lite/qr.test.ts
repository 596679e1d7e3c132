import { QRCodeSVG } from '@rc-component/qrcode';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
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
});

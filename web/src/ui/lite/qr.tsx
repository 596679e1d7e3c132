import { useEffect, useState } from 'react';
import type { EncodedQr } from './qr-encode';

// Encoding a QR code tries eight masks and scores each: on a slow phone, a long task. A worker
// does it (qr.worker.ts), so the page stays responsive and draws the code when it is ready; where
// there are no workers, the page encodes it itself.

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (encoded: EncodedQr) => void>();

function encode(text: string, margin: number): Promise<EncodedQr> {
  if (typeof Worker === 'undefined') return import('./qr-encode').then(({ encodeQr }) => encodeQr(text, margin));
  if (!worker) {
    worker = new Worker(new URL('./qr.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<EncodedQr & { id: number }>) => {
      waiting.get(event.data.id)?.(event.data);
      waiting.delete(event.data.id);
    };
  }
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, text, margin });
  });
}

/** A QR code `size` px square, with a margin of `margin` modules; the space is kept while it is drawn. */
export function QrCode({
  value,
  size,
  margin = 2,
  label,
  testId,
}: {
  value: string;
  size: number;
  margin?: number;
  label: string;
  testId?: string;
}) {
  const [drawn, setDrawn] = useState<(EncodedQr & { value: string }) | null>(null);
  useEffect(() => {
    let current = true;
    void encode(value, margin).then((encoded) => {
      if (current) setDrawn({ ...encoded, value });
    });
    return () => {
      current = false;
    };
  }, [value, margin]);
  if (drawn?.value !== value) return <div style={{ width: size, height: size }} />;
  return (
    <svg
      width={size}
      height={size}
      viewBox={`0 0 ${drawn.cells} ${drawn.cells}`}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      <path fill="#fff" d={`M0,0 h${drawn.cells}v${drawn.cells}H0z`} shapeRendering="crispEdges" />
      <path fill="#000" d={drawn.path} shapeRendering="crispEdges" />
    </svg>
  );
}

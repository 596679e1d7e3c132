import { useEffect, useState } from 'react';
import type { EncodedQr } from './qr-encode';

// Encoding a QR code tries eight masks and scores each: on a slow phone, a long task. A worker
// does it (qr.worker.ts), so the page stays responsive and draws the code when it is ready; where
// there are no workers, or the worker cannot start, the page encodes it itself.

type Request = { text: string; margin: number; resolve: (encoded: EncodedQr) => void };

let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, Request>();

const encodeHere = ({ text, margin, resolve }: Request) =>
  void import('./qr-encode').then(({ encodeQr }) => resolve(encodeQr(text, margin)));

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  const started = new Worker(new URL('./qr.worker.ts', import.meta.url), { type: 'module' });
  started.onmessage = (event: MessageEvent<EncodedQr & { id: number }>) => {
    waiting.get(event.data.id)?.resolve(event.data);
    waiting.delete(event.data.id);
  };
  // (Its script failed to load, say): what it was asked, and all later codes, are encoded here.
  started.onerror = () => {
    started.terminate();
    worker = null;
    for (const request of waiting.values()) encodeHere(request);
    waiting.clear();
  };
  return started;
}

/** Encodes a QR code in the worker, or here when there is none (exported for its test). */
export function encode(text: string, margin: number): Promise<EncodedQr> {
  if (worker === undefined) worker = startWorker();
  return new Promise((resolve) => {
    if (!worker) return encodeHere({ text, margin, resolve });
    const id = nextId++;
    waiting.set(id, { text, margin, resolve });
    worker.postMessage({ id, text, margin });
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
  const wanted = `${margin}:${value}`;
  const [drawn, setDrawn] = useState<(EncodedQr & { wanted: string }) | null>(null);
  useEffect(() => {
    let current = true;
    void encode(value, margin).then((encoded) => {
      if (current) setDrawn({ ...encoded, wanted: `${margin}:${value}` });
    });
    return () => {
      current = false;
    };
  }, [value, margin]);
  if (drawn?.wanted !== wanted) return <div style={{ width: size, height: size }} />;
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

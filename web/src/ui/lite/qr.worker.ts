import { encodeQr } from './qr-encode';

// Encodes QR codes for qr.tsx, off the page's main thread.
self.onmessage = (event: MessageEvent<{ id: number; text: string; margin: number }>) => {
  const { id, text, margin } = event.data;
  self.postMessage({ id, ...encodeQr(text, margin) });
};

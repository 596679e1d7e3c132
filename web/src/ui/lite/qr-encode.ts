import { QrCode, QrSegment } from '@rc-component/qrcode/es/libs/qrcodegen';
import { ERROR_LEVEL_MAP, generatePath } from '@rc-component/qrcode/es/utils';

/** A QR code drawn as an SVG path: `cells` modules a side (the margin included). */
export interface EncodedQr {
  cells: number;
  path: string;
}

/**
 * Encodes text as @rc-component/qrcode's QRCodeSVG does (its encoder, error correction M, the same
 * path), so the code is the same; qr.tsx runs this off the main thread.
 */
export function encodeQr(text: string, margin: number): EncodedQr {
  const code = QrCode.encodeSegments(QrSegment.makeSegments(text), ERROR_LEVEL_MAP.M);
  return { cells: code.size + margin * 2, path: generatePath(code.getModules(), margin) };
}

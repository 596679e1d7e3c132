import { type BoardVerdict, verifyBoard } from '@gonghui/contract/ballots';

// Verifies a bulletin board for VerifyElectionPage, off the page's main thread: thousands of
// ballots' proofs take a while, and the page keeps answering and showing progress meanwhile.

export type VerifyMessage =
  | { kind: 'unreadable' }
  | { kind: 'progress'; done: number; of: number }
  | {
      kind: 'verdict';
      verdict: BoardVerdict;
      /** What the board says of itself, to show beside the verdict (only trusted if it verifies). */
      about: { title: string; kind: string; options: string[]; ballots: number } | null;
    };

const post = (message: VerifyMessage) => self.postMessage(message);

self.onmessage = (event: MessageEvent<string>) => {
  let board: unknown;
  try {
    board = JSON.parse(event.data);
  } catch {
    post({ kind: 'unreadable' });
    return;
  }
  const verdict = verifyBoard(board, (done, of) => post({ kind: 'progress', done, of }));
  const parsed = board as { parameters?: { title?: unknown; kind?: unknown; options?: unknown }; ballots?: unknown };
  post({
    kind: 'verdict',
    verdict,
    about: verdict.ok
      ? {
          title: String(parsed.parameters?.title ?? ''),
          kind: String(parsed.parameters?.kind ?? ''),
          options: (parsed.parameters?.options as string[]) ?? [],
          ballots: Array.isArray(parsed.ballots) ? parsed.ballots.length : 0,
        }
      : null,
  });
};

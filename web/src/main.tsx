import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { languageReady } from './i18n';

// The app starts in steps, each its own task, so a phone's main thread is never held for long:
// the reader's language, then the app (every module's pages), then its router (which starts
// loading the page asked for), then the first render, itself drawn as a transition, in slices the
// phone can interleave with input. The build preloads what the steps import (vite.config.ts,
// paintFirst), so they wait for no download.
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function start() {
  await languageReady();
  await nextTask();
  const { App, createAppRouter } = await import('./app/App');
  await nextTask();
  const router = createAppRouter();
  await nextTask();
  startTransition(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App router={router} />
      </StrictMode>,
    );
  });
}

start().catch((error: unknown) => {
  // A step that could not load (the network dropped mid-way): the page's own words say so.
  document.querySelector<HTMLElement>('.gh-splash-failed')?.removeAttribute('hidden');
  throw error;
});

// Starts the app after the first paint: the page's frame (index.html) shows at once, and the app's
// script (already being fetched through modulepreload) runs in the next task. The entry's address
// is put on this script's tag at build time (vite.config.ts, paintFirst).
{
  const entry = document.currentScript?.getAttribute('data-entry');
  if (entry) requestAnimationFrame(() => setTimeout(() => import(entry), 0));
}

// Starts the app after the first paint: the page's frame (index.html) shows at once, then the app's
// scripts are fetched, all together (`data-preload`: the entry, the chunks its steps import and
// theirs), and the entry runs. Over a slow link the frame so waits for no script's download. Both
// lists are put on this script's tag at build time (vite.config.ts, paintFirst).
{
  const tag = document.currentScript;
  const entry = tag?.getAttribute('data-entry');
  const preload = (tag?.getAttribute('data-preload') ?? '').split(' ').filter(Boolean);
  if (entry)
    requestAnimationFrame(() =>
      setTimeout(() => {
        for (const href of preload) {
          const link = document.createElement('link');
          link.rel = 'modulepreload';
          link.crossOrigin = '';
          link.href = href;
          document.head.append(link);
        }
        import(entry);
      }, 0),
    );
}

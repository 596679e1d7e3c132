import puppeteer from 'puppeteer-core';
const [, , path, user, out] = process.argv;
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
const p = await b.newPage();
await p.setViewport({ width: 390, height: 844 });
if (user !== '-') {
  const login = await fetch('http://127.0.0.1:3000/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user, password: 'Gonghui@2026!' }) });
  await p.setCookie(...login.headers.getSetCookie().map((l) => { const [n, v] = l.split(';')[0].split('='); return { name: n, value: v, url: 'http://127.0.0.1:3000' }; }));
}
await p.goto('http://127.0.0.1:3000' + path, { waitUntil: 'networkidle0' });
await new Promise((r) => setTimeout(r, 800));
await p.screenshot({ path: out, fullPage: true });
await b.close();

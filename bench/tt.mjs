import fs from 'node:fs';
import puppeteer from 'puppeteer-core';
const script = fs.readFileSync('/tmp/tt/targets.js', 'utf8');
const login = await fetch('http://127.0.0.1:3000/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'rider', password: 'Gonghui@2026!' }) });
const cookies = login.headers.getSetCookie().map((l) => { const [n, v] = l.split(';')[0].split('='); return { name: n, value: v, url: 'http://127.0.0.1:3000' }; });
const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
const pub = await b.newPage(); await pub.setViewport({ width: 390, height: 844 });
const p = await b.newPage(); await p.setViewport({ width: 390, height: 844 }); await p.setCookie(...cookies);
for (const path of process.argv.slice(2)) {
  const page = path.startsWith('/app') ? p : pub;
  await page.goto('http://127.0.0.1:3000' + path, { waitUntil: 'networkidle0' });
  await new Promise((r) => setTimeout(r, 500));
  const found = await page.evaluate(script);
  console.log(path, found.length); for (const f of found) console.log('   ', f);
}
await b.close();

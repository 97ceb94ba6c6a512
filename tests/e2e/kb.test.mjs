// Knowledge base search and article view, and the safety of the Markdown renderer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, waitForList, waitForListQuery, tableRows, apiGet } from './lib/ui.mjs';

let server;
let browser;
let page;
const agent = demoUsers().find((u) => u.role === 'agent');

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await login(page, server.url, agent);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('searching the knowledge base and opening an article renders its Markdown', async () => {
  const all = await apiGet(page, '/kb?limit=500');
  assert.equal(all.status, 200);
  assert.ok(all.body.items.length > 0, 'the demo has articles');
  const article = all.body.items.find((a) => /^#{1,3} /m.test(a.body)) || all.body.items[0];
  const word = article.title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5).sort((a, b) => b.length - a.length)[0];

  await page.goto(`${server.url}#/kb`);
  await waitForList(page);
  await page.fill('input[name=q]', word);
  await page.press('input[name=q]', 'Enter');
  await waitForListQuery(page, { q: word });
  const rows = await tableRows(page);
  assert.ok(rows.some((r) => r.href === `#/kb/${article.id}`), `"${word}" finds "${article.title}"`);

  if (article.category) {
    await page.selectOption('select[name=category]', article.category);
    await waitForListQuery(page, { q: word, category: article.category });
    for (const r of await tableRows(page)) assert.equal(r.cells[1], article.category);
  }

  await page.goto(`${server.url}#/kb/${article.id}`);
  await page.waitForSelector('.kb-article .markdown');
  assert.equal(await page.textContent('h1'), article.title);
  const structure = await page.$$eval('.markdown > *', (els) => els.map((e) => e.tagName));
  assert.ok(structure.includes('P'), 'paragraphs');
  if (/^#{2,3} /m.test(article.body)) assert.ok(structure.some((t) => /^H[2-4]$/.test(t)), 'headings');
  if (/^\s*(\d+\.|-) /m.test(article.body)) assert.ok(structure.some((t) => t === 'UL' || t === 'OL'), 'lists');
  if (/\*\*[^*]+\*\*/.test(article.body)) assert.ok(await page.$('.markdown strong'), 'bold');
  assert.ok(!(await page.textContent('.markdown')).includes('**'), 'no raw Markdown markers');
  await page.screenshot({ path: '/tmp/callwerk-kb-article.png', fullPage: true });
});

test('a question typed as a caller would ask it gets the ranked answers, best first', async () => {
  const all = await apiGet(page, '/kb?limit=500');
  const meter = all.body.items.find((a) => a.slug === 'zaehlerstand-melden');
  assert.ok(meter, 'the demo has the meter reading article');
  const question = 'Wie gebe ich meinen Zählerstand durch?';
  // The plain list filter looks for the whole text and finds nothing; the ranked search does.
  assert.equal((await apiGet(page, `/kb?q=${encodeURIComponent(question)}`)).body.items.length, 0);

  await page.goto(`${server.url}#/kb`);
  await waitForList(page);
  await page.fill('input[name=q]', question);
  await page.press('input[name=q]', 'Enter');
  await waitForListQuery(page, { q: question });
  const rows = await tableRows(page);
  assert.ok(rows.length > 0, 'answers are shown');
  assert.equal(rows[0].href, `#/kb/${meter.id}`);
  assert.equal(rows[0].cells[1], meter.category || '');
});

test('the Markdown renderer escapes everything it does not understand', async () => {
  const result = await page.evaluate(async () => {
    const { renderMarkdown } = await import('/js/markdown.js');
    const el = renderMarkdown([
      '# Titel <img src=x onerror="window.__pwned=1">',
      '',
      'Text mit **fett**, *kursiv* und [Link](https://example.org/a) und [böse](javascript:window.__pwned=2).',
      '',
      '<script>window.__pwned = 3</script>',
      '',
      '- eins',
      '- zwei <b>html</b>',
      '',
      '1. erstens',
      '2. zweitens',
      '',
      '| A | B |',
      '|---|---:|',
      '| x | 1 |',
    ].join('\n'));
    document.body.appendChild(el);
    return {
      html: el.innerHTML,
      tags: [...el.querySelectorAll('*')].map((n) => n.tagName),
      hrefs: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      text: el.textContent,
      pwned: window.__pwned || null,
    };
  });
  assert.equal(result.pwned, null);
  for (const bad of ['SCRIPT', 'IMG', 'B']) assert.ok(!result.tags.includes(bad), `no <${bad}>`);
  for (const good of ['H2', 'P', 'STRONG', 'EM', 'A', 'UL', 'OL', 'LI', 'TABLE', 'TH', 'TD']) {
    assert.ok(result.tags.includes(good), `has <${good}>`);
  }
  assert.deepEqual(result.hrefs, ['https://example.org/a', '#']);
  assert.ok(result.text.includes('<script>window.__pwned = 3</script>'), 'raw HTML stays visible text');
  assert.ok(result.html.includes('&lt;img'), 'HTML in a heading is escaped');
  assert.deepEqual(browser.problems, [], 'no script errors or CSP violations');
});

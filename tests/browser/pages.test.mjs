// The two web pages in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) against a real `beian-bot serve` on 127.0.0.1.
//   BEIAN_BIN         the binary (default ../../build/beian-bot)
//   CHROMIUM          the browser (default /usr/bin/chromium)
//   SCREENSHOT_DIR    when set, screenshots of both pages are written there
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.BEIAN_BIN || path.join(here, '../../build/beian-bot');
const token = 'browser-test-token';
const shots = process.env.SCREENSHOT_DIR;
let server, browser, base, dir;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function say(text, user, chat = 'c1') {
  const r = await fetch(base + '/v1/messages', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ chat_id: chat, user_id: user, text }),
  });
  assert.equal(r.status, 200);
  return r.json();
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'beian-browser-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--db', path.join(dir, 'bot.db')], {
    env: { ...process.env, BEIAN_ADMIN_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not up yet */ }
    if (i > 100 || server.exitCode !== null) throw new Error('server did not start:\n' + log);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('self-service page: a pasted error shows its fix, on a phone-sized screen', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(base + '/');
  await page.fill('#q', '提交备案时提示：【主体负责人应急联系方式】不允许被多人使用');
  const card = page.locator('#answer .card').first();
  await card.waitFor({ timeout: 10000 });
  assert.equal(await card.getAttribute('data-id'), 'error.principal.emergency-phone-shared');
  const steps = await card.locator('ol li').allTextContents();
  assert.ok(steps.length >= 2, 'the fix has steps');
  assert.ok(steps.join('').includes('应急'), 'the steps talk about the emergency contact');
  assert.match(await card.textContent(), /可信度/);
  // Nothing wider than the phone's screen.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  if (shots) await page.screenshot({ path: path.join(shots, 'self-service.png') });

  // The entry's own link works.
  await card.locator('a', { hasText: '这条说明的链接' }).click();
  await page.waitForURL(/\/kb\/error\.principal\.emergency-phone-shared$/);
  assert.match(await page.textContent('body'), /应急联系/);
  await page.close();
});

test('self-service page: a screenshot, chosen or pasted, shows what was read and each fix', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(base + '/');
  const screenshots = path.join(here, '..', 'testdata', 'screenshots');
  await page.setInputFiles('#shot', path.join(screenshots, 'multi-principal-2-errors-1x.png'));
  await page.locator('#answer .card').nth(1).waitFor({ timeout: 20000 });
  const ids = await page.locator('#answer .card').evaluateAll((cards) => cards.map((c) => c.dataset.id));
  assert.deepEqual(ids, ['error.principal.phone-shared', 'error.principal.emergency-phone-shared']);
  assert.match(await page.textContent('#answer .read'), /从截图里读到的报错：\s*「【主体负责人手机号码】不允许被多人使用」/);
  if (shots) await page.screenshot({ path: path.join(shots, 'self-service-screenshot.png'), fullPage: false });

  // Pasted into the box (a real ClipboardEvent carrying the file).
  const bytes = [...readFileSync(path.join(screenshots, 'form-principal-no-error-1x.png'))];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'shot.png', { type: 'image/png' }));
    document.getElementById('q').dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('没在截图里找到报错'), null, { timeout: 20000 });
  assert.equal(await page.locator('#answer .card').count(), 0);
  assert.equal(await page.inputValue('#q'), '', 'the picture is not pasted as text');
  await page.close();
});

test('staff page: log in, see grouped counts, teach an item, and the counts change', async () => {
  for (const u of ['u1', 'u2', 'u3']) await say('门脸儿那个位置写哪', u);
  await say('门脸儿那个位置写在哪呢', 'u4');
  await say('今天天气怎么样', 'u5');
  await say('【主体负责人应急联系方式】不允许被多人使用', 'u6');
  await say('通讯地址怎么填', 'u7');
  await say('转人工', 'u8');

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/admin');
  await page.fill('#token', 'wrong');
  await page.click('#login-form button');
  await page.locator('#flash', { hasText: '令牌不对' }).waitFor();
  await page.fill('#token', token);
  await page.fill('#staff', '小李');
  await page.click('#login-form button');

  const item = page.locator('#items li', { hasText: '门脸儿那个位置写哪' });
  await item.waitFor();
  assert.match(await item.textContent(), /4 人问过/);
  const summary = await page.textContent('#queue-summary');
  assert.match(summary, /^3 个问题/);

  await item.click();
  await page.locator('#item-card h3', { hasText: '谁问过' }).waitFor();
  assert.equal(await page.locator('#item-card .history').count(), 4);
  // Its two wordings, and the entries the bot almost chose, with scores.
  assert.equal(await page.locator('#wordings li').count(), 2);
  assert.match(await page.textContent('#wordings'), /门脸儿那个位置写在哪呢/);
  assert.ok(await page.locator('#suggestions button.suggestion').count() >= 1);
  assert.match(await page.textContent('#suggestions'), /（\d\.\d\d）/);
  await page.fill('#teach-entry', 'field.host.mail-address');
  if (shots) await page.screenshot({ path: path.join(shots, 'admin-queue.png') });
  await page.click('#teach-btn');
  await page.locator('#flash', { hasText: '已教会机器人 2 个说法' }).waitFor();
  await page.locator('#items li', { hasText: '门脸儿那个位置写哪' }).waitFor({ state: 'detached' });
  assert.match(await page.textContent('#queue-summary'), /^2 个问题/);

  // Taught: the very next lookup answers it.
  const lookup = await (await fetch(base + '/v1/lookup?q=' + encodeURIComponent('门脸儿那个位置写哪'))).json();
  assert.equal(lookup.answered, true);
  assert.equal(lookup.matches[0].id, 'field.host.mail-address');

  // Answered items are listed under their status.
  await page.selectOption('#status-filter', 'answered');
  await page.locator('#items li', { hasText: '门脸儿那个位置写哪' }).waitFor();

  // The teaching is listed, and can be undone.
  await page.click('nav button[data-tab="teachings"]');
  const row = page.locator('#teaching-rows tr', { hasText: '门脸儿那个位置写在哪呢' });
  await row.waitFor();
  assert.match(await row.textContent(), /小李/);

  // Statistics: charts drawn as SVG.
  await page.click('nav button[data-tab="stats"]');
  await page.locator('#chart-daily polyline[data-series="answer"]').waitFor();
  await page.locator('#chart-rate polyline[data-series="rate"]').waitFor({ state: 'attached' });
  assert.ok(await page.locator('#chart-rate circle').count() >= 1);
  // Drawn after one more request (the open items) than the other charts.
  await page.locator('#chart-groups svg rect').first().waitFor();
  assert.equal(await page.locator('#chart-errors svg rect').count(), 1);
  assert.match(await page.textContent('#chart-platforms'), /通用接口/);
  if (shots) await page.screenshot({ path: path.join(shots, 'admin-stats.png'), fullPage: true });

  // Undone: the wordings are forgotten and the question is back in the queue.
  await page.click('nav button[data-tab="teachings"]');
  await row.locator('button', { hasText: '撤销' }).click();
  await page.locator('#flash', { hasText: '已撤销' }).waitFor();
  const again = await (await fetch(base + '/v1/lookup?q=' + encodeURIComponent('门脸儿那个位置写哪'))).json();
  assert.equal(again.answered, false);

  // The ticket of 转人工 can be closed from the page.
  await page.click('nav button[data-tab="tickets"]');
  await page.locator('#ticket-rows button', { hasText: '结束人工' }).click();
  await page.locator('#ticket-rows td', { hasText: '没有等待人工的用户' }).waitFor();
  await page.close();
});

test('staff page: a new answer written in the page answers the next message', async () => {
  await say('小程序名称可以带地名吗', 'w1');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/admin');
  await page.fill('#token', token);
  await page.click('#login-form button');
  const item = page.locator('#items li', { hasText: '小程序名称可以带地名吗' });
  await item.click();
  await page.fill('#write-title', '小程序名称能不能带地名');
  await page.fill('#write-answer', '可以带地名，但要和主体证件上的地址一致。\n先核对主体证件上的地址');
  await page.click('#write-btn');
  await page.locator('#flash', { hasText: '已保存新条目' }).waitFor();
  const reply = await say('小程序名称可以带地名吗', 'w1');
  const text = reply.replies.map((r) => r.text).join('\n');
  assert.match(text, /客服回复：可以带地名/);
  assert.match(text, /先核对主体证件上的地址/);
  await page.close();
});

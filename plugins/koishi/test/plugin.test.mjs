// Runs the plugin in a real Koishi app. Only the chat platform is mocked
// (@koishijs/plugin-mock); the answers come from a real beian-bot server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, closedPort } from '../../testing/beian-server.mjs';

const require = createRequire(import.meta.url);
const { App, Logger } = require('koishi');
const mock = require('@koishijs/plugin-mock').default;
const beian = require('../lib/index.js');

Logger.levels.base = 1; // errors only: the tests read warnings through a target below

// One Koishi app on the mock platform for the whole file; each test installs
// the plugin with its own config and removes it afterwards. (Stopping a whole
// app makes @satorijs/core 4.6 log a TypeError from Bot.dispose.)
// BEIAN_TRANSCRIPT=1 prints the exchanges (the READMEs quote them).
function transcript(lines) {
  if (process.env.BEIAN_TRANSCRIPT) console.log(lines.join('\n'));
}

let server;
let koishi;
before(async () => {
  server = await startServer();
  koishi = new App();
  koishi.plugin(mock);
  await koishi.start();
});
after(async () => {
  await server?.stop();
});

async function startApp(config) {
  const fork = koishi.plugin(beian, config);
  await new Promise((r) => setImmediate(r));
  return { mock: koishi.mock, bots: koishi.bots, stop: async () => fork.dispose() };
}

// Collects the warnings of the 'beian' logger.
function captureWarnings() {
  const warnings = [];
  const target = {
    colors: 0,
    levels: { base: 2 },
    record: (r) => {
      if (r.name === 'beian' && r.type === 'warn') warnings.push(r.content);
    },
  };
  Logger.targets.push(target);
  return { warnings, stop: () => Logger.targets.splice(Logger.targets.indexOf(target), 1) };
}

test('a group @ with a pasted error gets the fix, mentioning the member', async () => {
  const app = await startApp({ endpoint: server.url });
  try {
    const member = app.mock.client('10001', 'group-42');
    const said = `<at id="${app.bots[0].selfId}"/> 提交时报错：【主体负责人应急联系方式】不允许被多人使用`;
    const replies = await member.receive(said);
    assert.equal(replies.length, 1, JSON.stringify(replies));
    assert.ok(replies[0].startsWith('<at id="10001"/> 【主体负责人应急联系方式不允许被多人使用】'), replies[0]);
    assert.match(replies[0], /应急手机号/);
    assert.match(replies[0], /怎么办：/);
    assert.ok(!replies[0].includes('@10001'), 'the mention is the at element only');
    transcript([`10001（群 group-42）：${said}`, ...replies.map((r) => `bot：${r}`)]);
  } finally {
    await app.stop();
  }
});

test('group: chatter stays quiet, the #备案 prefix addresses the bot', async () => {
  const app = await startApp({ endpoint: server.url });
  try {
    const member = app.mock.client('10002', 'group-42');
    assert.deepEqual(await member.receive('大家中午吃什么'), []);
    const replies = await member.receive('#备案 通讯地址怎么填');
    assert.equal(replies.length, 1, JSON.stringify(replies));
    assert.ok(replies[0].startsWith('<at id="10002"/> '), replies[0]);
    assert.match(replies[0], /通讯地址/);
  } finally {
    await app.stop();
  }
});

test('a private conversation starts the walkthrough and answers two fields', async () => {
  const app = await startApp({ endpoint: server.url });
  try {
    const user = app.mock.client('20001');
    const lines = [];
    const say = async (text) => {
      const replies = await user.receive(text);
      lines.push(`20001：${text}`, ...replies.map((r) => `bot：${r}`));
      return replies;
    };
    let replies = await say('开始备案');
    assert.equal(replies.length, 2, JSON.stringify(replies));
    assert.match(replies[0], /一共 5 个部分/);
    assert.match(replies[1], /第 1\/10 项「选择地区」/);
    assert.ok(!replies[1].includes('<at'), 'no mention in private chat');

    replies = await say('广东省深圳市南山区');
    assert.equal(replies[0], '已记录「选择地区」：广东省 深圳市 南山区');
    assert.match(replies[1], /第 2\/10 项「主体类型」/);

    replies = await say('企业');
    assert.equal(replies[0], '已记录「主体类型」：企业');
    assert.match(replies[1], /第 3\/10 项「主办者性质」/);
    transcript(lines);
  } finally {
    await app.stop();
  }
});

test('images without text are not forwarded', async () => {
  const app = await startApp({ endpoint: server.url });
  try {
    const user = app.mock.client('20002');
    assert.deepEqual(await user.receive('<img src="https://example.invalid/license.png"/>'), []);
  } finally {
    await app.stop();
  }
});

test('server down: no reply, a warning, no crash', async () => {
  const port = await closedPort();
  const log = captureWarnings();
  const app = await startApp({ endpoint: `http://127.0.0.1:${port}` });
  try {
    assert.deepEqual(await app.mock.client('20003').receive('开始备案'), []);
    assert.deepEqual(await app.mock.client('20003', 'group-42').receive('<at id="514"/> 【主体负责人应急联系方式】不允许被多人使用'), []);
    assert.equal(log.warnings.length, 2, JSON.stringify(log.warnings));
    assert.match(log.warnings[0], /unreachable/);
  } finally {
    log.stop();
    await app.stop();
  }
});

test('wrong token: the server answers 401, no reply, a warning; the right token works', async () => {
  const guarded = await startServer({ token: 's3cret' });
  const log = captureWarnings();
  try {
    let app = await startApp({ endpoint: guarded.url, token: 'wrong' });
    assert.deepEqual(await app.mock.client('20004').receive('开始备案'), []);
    await app.stop();
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], /HTTP 401/);
    app = await startApp({ endpoint: guarded.url, token: 's3cret' });
    assert.equal((await app.mock.client('20004').receive('开始备案')).length, 2);
    await app.stop();
  } finally {
    log.stop();
    await guarded.stop();
  }
});

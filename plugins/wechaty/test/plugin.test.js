// Runs the plugin inside the real Wechaty runtime. Only the chat platform is
// mocked (wechaty-puppet-mock); the answers come from a real beian-bot server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WechatyBuilder, log } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { startServer, closedPort } from '../../testing/beian-server.mjs';
import { WechatyBeian } from '../src/index.js';

log.level('silent');

// BEIAN_TRANSCRIPT=1 prints the exchanges (the READMEs quote them).
function transcript(lines) {
  if (process.env.BEIAN_TRANSCRIPT) console.log(lines.join('\n'));
}

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

// A logged-in Wechaty bot on the mock puppet, with the plugin installed, one
// member and one room; `sent` records every text the bot sends to the
// platform (puppet.messageSendText: conversation, text, mentioned ids).
async function startBot(pluginOptions) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const sent = [];
  const waiters = [];
  const original = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (conversationId, text, mentionIdList = []) => {
    sent.push({ conversationId, text, mentionIdList });
    for (const w of waiters.splice(0)) w();
    return original(conversationId, text, mentionIdList);
  };
  const bot = WechatyBuilder.build({ puppet });
  bot.use(WechatyBeian(pluginOptions));
  const loggedIn = new Promise((resolve) => bot.once('login', resolve));
  await bot.start();
  const self = mocker.createContact({ name: '备案助手' });
  mocker.login(self);
  await loggedIn;
  const member = mocker.createContact({ name: '小王' });
  const room = mocker.createRoom({ topic: '小程序备案交流群', memberIdList: [self.id, member.id] });
  // Resolves once `count` texts were sent, or after `ms` with what there is.
  const waitSent = async (count, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (sent.length < count && Date.now() < deadline) {
      await Promise.race([new Promise((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 100))]);
    }
    return sent;
  };
  const settle = (ms) => new Promise((r) => setTimeout(r, ms));
  return { bot, mocker, self, member, room, sent, waitSent, settle, stop: () => bot.stop() };
}

test('a member @-mentions the bot in a room with a pasted error and gets the fix', async () => {
  const t = await startBot({ endpoint: server.url });
  try {
    t.member.say('@备案助手 提交的时候报错：【主体负责人应急联系方式】不允许被多人使用', [t.self]).to(t.room);
    const sent = await t.waitSent(1);
    assert.equal(sent.length, 1, 'one reply in the room');
    const reply = sent[0];
    assert.equal(reply.conversationId, t.room.id);
    assert.deepEqual(reply.mentionIdList, [t.member.id], 'the reply mentions the member');
    assert.ok(reply.text.startsWith('@小王 【主体负责人应急联系方式不允许被多人使用】'), reply.text);
    assert.ok(!reply.text.startsWith('@小王 @小王'), 'the mention is written once');
    assert.match(reply.text, /应急手机号/);
    assert.match(reply.text, /怎么办：/);
    await t.settle(300);
    assert.equal(t.sent.length, 1, 'the bot does not answer its own reply');
    transcript(['小王（群里）：@备案助手 提交的时候报错：【主体负责人应急联系方式】不允许被多人使用', `备案助手：${reply.text}`]);
  } finally {
    await t.stop();
  }
});

test('room chatter without @ is left to the server, which stays quiet', async () => {
  const t = await startBot({ endpoint: server.url });
  try {
    t.member.say('大家中午吃什么').to(t.room);
    await t.settle(800);
    assert.equal(t.sent.length, 0);
  } finally {
    await t.stop();
  }
});

test('rooms not in `rooms` and non-mentions under atOnly are not forwarded', async () => {
  const t = await startBot({ endpoint: server.url, rooms: ['另一个群'], atOnly: true });
  try {
    t.member.say('@备案助手 【主体负责人应急联系方式】不允许被多人使用', [t.self]).to(t.room);
    await t.settle(800);
    assert.equal(t.sent.length, 0, 'room not listed');
  } finally {
    await t.stop();
  }
  const u = await startBot({ endpoint: server.url, rooms: ['小程序备案交流群'], atOnly: true });
  try {
    // Pasted error without @: the server would answer it, atOnly keeps it local.
    u.member.say('【主体负责人应急联系方式】不允许被多人使用').to(u.room);
    await u.settle(800);
    assert.equal(u.sent.length, 0, 'atOnly: no @, no forward');
    u.member.say('@备案助手 【主体负责人应急联系方式】不允许被多人使用', [u.self]).to(u.room);
    const sent = await u.waitSent(1);
    assert.equal(sent.length, 1, 'listed by topic and mentioned');
    assert.match(sent[0].text, /应急/);
  } finally {
    await u.stop();
  }
});

test('a direct conversation starts the walkthrough and answers two fields', async () => {
  const t = await startBot({ endpoint: server.url });
  try {
    t.member.say('开始备案').to(t.self);
    let sent = await t.waitSent(2);
    assert.equal(sent.length, 2);
    for (const s of sent) assert.equal(s.conversationId, t.member.id, 'replies go to the member');
    assert.match(sent[0].text, /一共 5 个部分/);
    assert.match(sent[1].text, /第 1\/10 项「选择地区」/);

    t.member.say('广东省深圳市南山区').to(t.self);
    sent = await t.waitSent(4);
    assert.equal(sent[2].text, '已记录「选择地区」：广东省 深圳市 南山区');
    assert.match(sent[3].text, /第 2\/10 项「主体类型」/);

    t.member.say('企业').to(t.self);
    sent = await t.waitSent(5);
    assert.equal(sent[4].text, '已记录「主体类型」：企业');
    await t.waitSent(7, 1500);
    assert.ok(t.sent.slice(5).some((s) => /第 3\/10 项「主办者性质」/.test(s.text)), 'moved on to field 3');
    const said = ['开始备案', null, '广东省深圳市南山区', null, '企业'];
    transcript(t.sent.flatMap((s, i) => [...(said[i] ? [`小王：${said[i]}`] : []), `备案助手：${s.text}`]));
  } finally {
    await t.stop();
  }
});

test('non-text messages are ignored', async () => {
  const t = await startBot({ endpoint: server.url });
  try {
    const { FileBox } = await import('file-box');
    t.member.say(FileBox.fromBase64(Buffer.from('x').toString('base64'), 'license.png')).to(t.self);
    await t.settle(800);
    assert.equal(t.sent.length, 0);
  } finally {
    await t.stop();
  }
});

test('server down: no reply, a warning, no crash', async () => {
  const warnings = [];
  const logger = { warn: (...args) => warnings.push(args) };
  const port = await closedPort();
  const t = await startBot({ endpoint: `http://127.0.0.1:${port}`, logger });
  try {
    t.member.say('开始备案').to(t.self);
    t.member.say('@备案助手 【主体负责人应急联系方式】不允许被多人使用', [t.self]).to(t.room);
    await t.settle(1000);
    assert.equal(t.sent.length, 0);
    assert.equal(warnings.length, 2, JSON.stringify(warnings));
    assert.match(warnings[0][1], /unreachable/);
  } finally {
    await t.stop();
  }
  // The bot keeps working when the server is back.
  const u = await startBot({ endpoint: server.url, logger });
  try {
    u.member.say('开始备案').to(u.self);
    assert.equal((await u.waitSent(2)).length, 2);
  } finally {
    await u.stop();
  }
});

test('server answers non-200 (wrong token): no reply, a warning', async () => {
  const guarded = await startServer({ token: 's3cret' });
  const warnings = [];
  const t = await startBot({ endpoint: guarded.url, token: 'wrong', logger: { warn: (...a) => warnings.push(a) } });
  try {
    t.member.say('开始备案').to(t.self);
    await t.settle(1000);
    assert.equal(t.sent.length, 0);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0][1], /HTTP %s/);
    assert.equal(warnings[0][2], 401);
  } finally {
    await t.stop();
  }
  const u = await startBot({ endpoint: guarded.url, token: 's3cret' });
  try {
    u.member.say('开始备案').to(u.self);
    assert.equal((await u.waitSent(2)).length, 2, 'right token: answered');
  } finally {
    await u.stop();
    await guarded.stop();
  }
});

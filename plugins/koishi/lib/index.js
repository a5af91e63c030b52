// koishi-plugin-beian: forwards private and group messages to a beian-bot
// server (POST /v1/messages) and sends its replies back; in groups the reply
// @-mentions the member who asked.
'use strict';

const { Schema, h } = require('koishi');

exports.name = 'beian';

exports.Config = Schema.object({
  endpoint: Schema.string()
    .role('link')
    .required()
    .description('beian-bot 服务地址，例如 http://127.0.0.1:8080'),
  token: Schema.string()
    .role('secret')
    .description('Bearer token，和服务端的 BEIAN_API_TOKEN 相同；服务端没配就留空'),
  prefix: Schema.string()
    .default('#备案')
    .description('群聊里以它开头的消息视为在问机器人（和 @ 机器人一样）；留空则只看 @'),
  timeout: Schema.natural()
    .role('ms')
    .default(15000)
    .description('等待服务端答复的最长时间（毫秒）'),
});

// Plain text of a message: text elements as they are, other members' @ as
// "@name", the bot's own @ dropped; images and other media contribute nothing.
function plainText(elements, selfId) {
  let out = '';
  for (const el of elements || []) {
    if (el.type === 'text') out += el.attrs.content;
    else if (el.type === 'at') {
      if (el.attrs.id !== selfId) out += `@${el.attrs.name || el.attrs.id}`;
    } else if (el.children?.length) out += plainText(el.children, selfId);
  }
  return out.trim();
}

async function askBeian(config, body, logger) {
  const headers = { 'content-type': 'application/json' };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  const endpoint = String(config.endpoint).replace(/\/+$/, '');
  let res;
  let text;
  try {
    res = await fetch(`${endpoint}/v1/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.timeout ?? 15000),
    });
    text = await res.text();
  } catch (e) {
    logger.warn('beian-bot at %s unreachable: %s', endpoint, e?.cause?.code || e?.message || e);
    return [];
  }
  if (res.status !== 200) {
    logger.warn('beian-bot answered HTTP %d: %s', res.status, text.slice(0, 200));
    return [];
  }
  try {
    const data = JSON.parse(text);
    return Array.isArray(data.replies)
      ? data.replies.filter((r) => r && typeof r.text === 'string' && r.text !== '').map((r) => r.text)
      : [];
  } catch {
    logger.warn('beian-bot answered with invalid JSON: %s', text.slice(0, 200));
    return [];
  }
}
exports.askBeian = askBeian;

exports.apply = (ctx, config) => {
  const logger = ctx.logger('beian');
  ctx.middleware(async (session, next) => {
    if (!session.userId || session.userId === session.selfId) return next();
    const elements = session.elements || [];
    let text = plainText(elements, session.selfId);
    if (!text) return next();
    const group = !session.isDirect;
    let mentioned = false;
    if (group) {
      mentioned = Boolean(
        session.stripped?.appel || elements.some((el) => el.type === 'at' && el.attrs.id === session.selfId),
      );
      if (config.prefix && text.startsWith(config.prefix)) {
        text = text.slice(config.prefix.length).trim();
        mentioned = true;
        if (!text) return next();
      }
    }
    const platform = session.platform;
    const userName = session.username;
    const body = {
      chat_id: `${platform}:${session.channelId}`,
      user_id: `${platform}:${session.userId}`,
      user_name: userName,
      text,
      group,
      mentioned,
    };
    if (session.messageId) body.message_id = `${platform}:${session.channelId}:${session.messageId}`;
    const replies = await askBeian(config, body, logger);
    if (!replies.length) return next();
    for (const [i, reply] of replies.entries()) {
      if (!group) {
        await session.send(h.text(reply));
      } else if (i === 0) {
        // The server writes "@name " for plain-text platforms; here the at
        // element does it.
        const prefix = `@${userName} `;
        const rest = reply.startsWith(prefix) ? reply.slice(prefix.length) : reply;
        await session.send([h.at(session.userId), h.text(' ' + rest)]);
      } else {
        await session.send(h.text(reply));
      }
    }
  });
};

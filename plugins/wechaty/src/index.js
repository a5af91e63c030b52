// wechaty-plugin-beian: forwards WeChat messages received by a Wechaty bot to
// a beian-bot server (POST /v1/messages) and sends its replies back.
import { log, types } from 'wechaty';

const PRE = 'WechatyBeian';

// The server starts its first group reply with "@<user_name> " for platforms
// that only take plain text; Wechaty's room.say(text, contact) writes the
// mention itself, so that prefix is dropped to avoid "@小王 @小王".
function stripMention(text, name) {
  const prefix = `@${name} `;
  return name && text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/**
 * Posts one message to beian-bot. Resolves to the replies (possibly empty);
 * never throws: a server that is down, slow or answers non-200 is logged
 * with log.warn and yields no reply.
 */
export async function askBeian({ endpoint, token, timeoutMs = 15000, logger = log }, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(`${endpoint}/v1/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    logger.warn(PRE, 'beian-bot at %s unreachable: %s', endpoint, e?.cause?.code || e?.message || e);
    return [];
  }
  let text = '';
  try {
    text = await res.text();
  } catch (e) {
    logger.warn(PRE, 'reading the beian-bot answer failed: %s', e?.message || e);
    return [];
  }
  if (res.status !== 200) {
    logger.warn(PRE, 'beian-bot answered HTTP %s: %s', res.status, text.slice(0, 200));
    return [];
  }
  try {
    const data = JSON.parse(text);
    return Array.isArray(data.replies)
      ? data.replies.filter((r) => r && typeof r.text === 'string' && r.text !== '').map((r) => r.text)
      : [];
  } catch {
    logger.warn(PRE, 'beian-bot answered with invalid JSON: %s', text.slice(0, 200));
    return [];
  }
}

/**
 * The Wechaty plugin.
 *   endpoint  base URL of beian-bot, e.g. "http://127.0.0.1:8080" (required)
 *   token     bearer token (the server's BEIAN_API_TOKEN), optional
 *   rooms     room ids or topics to serve; other rooms are ignored (default: all)
 *   atOnly    in rooms, forward only messages that @ the bot (default: false,
 *             the server itself decides: @, "#备案" prefix, pasted errors)
 *   timeoutMs how long to wait for the server (default 15000)
 */
export function WechatyBeian(options = {}) {
  const endpoint = String(options.endpoint || '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(endpoint)) {
    throw new Error('WechatyBeian: endpoint must be an http(s) URL such as http://127.0.0.1:8080');
  }
  const rooms = Array.isArray(options.rooms) ? new Set(options.rooms) : null;
  const config = { endpoint, token: options.token, timeoutMs: options.timeoutMs ?? 15000, logger: options.logger ?? log };

  return function WechatyBeianPlugin(bot) {
    async function onMessage(message) {
      try {
        if (message.self()) return;
        if (message.type() !== types.Message.Text) return;
        const room = message.room();
        const talker = message.talker();
        if (!talker) return;
        let text = message.text();
        let mentioned = false;
        if (room) {
          if (rooms && !rooms.has(room.id) && !rooms.has(await room.topic())) return;
          mentioned = await message.mentionSelf();
          if (options.atOnly && !mentioned) return;
          if (mentioned) text = await message.mentionText();
        }
        if (!text || !text.trim()) return;
        const userName = talker.name();
        const body = {
          chat_id: room ? room.id : talker.id,
          user_id: talker.id,
          user_name: userName,
          text,
          message_id: message.id,
          group: Boolean(room),
          mentioned,
        };
        const replies = await askBeian(config, body);
        for (const [i, reply] of replies.entries()) {
          if (!room) await talker.say(reply);
          else if (i === 0) await room.say(stripMention(reply, userName), talker);
          else await room.say(reply);
        }
      } catch (e) {
        config.logger.warn(PRE, 'handling message %s failed: %s', message?.id, e?.stack || e);
      }
    }
    bot.on('message', onMessage);
    return () => bot.off('message', onMessage);
  };
}

export default WechatyBeian;

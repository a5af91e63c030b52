// Sends every request example of docs/openapi.yaml to a real beian-bot server
// (127.0.0.1, free port, temporary database, with a bearer token) and checks
// that the status is the example's x-expect-status, that the status is
// documented for the operation, and that the body matches the documented
// schema. Also checks that each response example matches its own schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer } from '../../plugins/testing/beian-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = YAML.parse(readFileSync(path.join(here, '..', '..', 'docs', 'openapi.yaml'), 'utf8'));
const TOKEN = 'openapi-test-token';

// Follows local "$ref"s ("#/components/...").
function deref(node) {
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    assert.ok(node.$ref.startsWith('#/'), `only local refs: ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((n, key) => n?.[key], spec);
    assert.ok(node, 'dangling $ref');
  }
  return node;
}

// The subset of JSON Schema the spec uses. Returns a list of problems.
function validate(schema, value, where = '$') {
  schema = deref(schema);
  const problems = [];
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const ok = {
    object: type === 'object',
    array: type === 'array',
    string: type === 'string',
    boolean: type === 'boolean',
    number: type === 'number',
    integer: Number.isInteger(value),
  };
  if (schema.type && !ok[schema.type]) return [`${where}: expected ${schema.type}, got ${type}`];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} not in enum`);
  if (type === 'string') {
    const length = Buffer.byteLength(value);
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${where}: too short`);
    if (schema.maxLength !== undefined && length > schema.maxLength) problems.push(`${where}: too long`);
  }
  if (type === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${where}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${where}: above maximum`);
  }
  if (type === 'object') {
    for (const key of schema.required || []) if (!(key in value)) problems.push(`${where}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties || {})) {
      if (key in value) problems.push(...validate(sub, value[key], `${where}.${key}`));
    }
  }
  if (type === 'array' && schema.items) {
    value.forEach((item, i) => problems.push(...validate(schema.items, item, `${where}[${i}]`)));
  }
  return problems;
}

function documentedResponse(operation, status) {
  const response = deref(operation.responses[String(status)]);
  assert.ok(response, `status ${status} is not documented`);
  return response.content['application/json'];
}

async function checkAnswer(operation, res, expectStatus, label) {
  const text = await res.text();
  assert.equal(res.status, expectStatus, `${label}: ${text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type'), /^application\/json/, label);
  const media = documentedResponse(operation, res.status);
  const body = JSON.parse(text);
  assert.deepEqual(validate(media.schema, body), [], `${label}: ${text.slice(0, 300)}`);
  return body;
}

let server;
before(async () => {
  server = await startServer({ token: TOKEN });
});
after(async () => {
  await server?.stop();
});

test('every response example matches its schema', () => {
  let count = 0;
  for (const methods of Object.values(spec.paths)) {
    for (const operation of Object.values(methods)) {
      for (const response of Object.values(operation.responses)) {
        const media = deref(response).content?.['application/json'];
        for (const [name, example] of Object.entries(media?.examples || {})) {
          assert.deepEqual(validate(media.schema, example.value), [], name);
          count++;
        }
      }
    }
  }
  assert.ok(count >= 8, `${count} response examples`);
});

test('POST /v1/messages: every request example', async () => {
  const operation = spec.paths['/v1/messages'].post;
  const media = operation.requestBody.content['application/json'];
  const examples = Object.entries(media.examples);
  assert.ok(examples.length >= 8);
  const bodies = {};
  for (const [name, example] of examples) {
    const status = example['x-expect-status'];
    assert.ok(status, `${name} has x-expect-status`);
    if (status === 200) assert.deepEqual(validate(media.schema, example.value), [], `${name} is a valid request`);
    const headers = { 'content-type': 'application/json' };
    const auth = 'x-authorization' in example ? example['x-authorization'] : `Bearer ${TOKEN}`;
    if (auth) headers.authorization = auth;
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(example.value),
    });
    const body = await checkAnswer(operation, res, status, name);
    bodies[name] = body;
    if (example['x-same-reply-as']) assert.deepEqual(body, bodies[example['x-same-reply-as']], name);
  }
  // What the examples say in their summaries.
  assert.match(bodies['start-walkthrough'].replies.at(-1).text, /「选择地区」/);
  assert.equal(bodies['answer-field'].replies[0].text, '已记录「选择地区」：广东省 深圳市 南山区');
  assert.ok(bodies['group-mention'].replies[0].text.startsWith('@小王 【主体负责人应急联系方式不允许被多人使用】'));
  assert.deepEqual(bodies['group-chatter'], { handled: false, replies: [] });
  assert.equal(bodies['wrong-token'].error, 'missing or wrong bearer token');
});

test('POST /v1/messages: a body over the limit is the documented 413', async () => {
  const operation = spec.paths['/v1/messages'].post;
  // Over the image cap (with screenshots on, /v1/messages takes an image in
  // base64): the declared length is refused before the body is sent, so only
  // the headers go out.
  const res = await new Promise((resolve, reject) => {
    const req = http.request(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        'content-length': String(8 * 1024 * 1024),
      },
    });
    req.on('response', (r) => {
      let text = '';
      r.on('data', (d) => (text += d));
      r.on('end', () => {
        req.destroy();
        resolve(new Response(text, { status: r.statusCode, headers: { 'content-type': r.headers['content-type'] } }));
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  await checkAnswer(operation, res, 413, 'too large');
});

const screenshots = path.join(here, '..', 'testdata', 'screenshots');
const edge = path.join(here, '..', 'testdata', 'images-edge');

test('POST /v1/messages: a screenshot in image_base64 is answered, quoting what was read', async () => {
  const operation = spec.paths['/v1/messages'].post;
  const image = readFileSync(path.join(screenshots, 'host-mail-address-no-house-number-1x.png'));
  const value = { chat_id: 'shot', user_id: 'u1', image_base64: image.toString('base64') };
  assert.deepEqual(validate(operation.requestBody.content['application/json'].schema, value), []);
  const res = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(value),
  });
  const body = await checkAnswer(operation, res, 200, 'screenshot');
  assert.match(body.replies[0].text, /^我看了你发的截图，读到的报错是：\n「通讯地址未能精确到门牌号」/);
});

test('POST /v1/lookup: a screenshot, and what is not one', async () => {
  const operation = spec.paths['/v1/lookup'].post;
  const post = (file, type = 'image/png', query = '') =>
    fetch(`${server.url}/v1/lookup${query}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: readFileSync(file),
    });
  const shot = path.join(screenshots, 'host-mail-address-no-house-number-1x.png');
  const body = await checkAnswer(operation, await post(shot, 'image/png', '?top=2'), 200, 'screenshot');
  const documented = operation.responses['200'].content['application/json'].examples['error-screenshot'].value;
  assert.deepEqual(body, documented);
  await checkAnswer(operation, await post(shot, 'text/plain'), 415, 'not an image type');
  await checkAnswer(operation, await post(path.join(edge, 'picture.gif'), 'image/gif'), 415, 'gif');
  await checkAnswer(operation, await post(path.join(edge, 'huge-dimensions.png')), 413, 'huge');
  await checkAnswer(operation, await post(path.join(edge, 'truncated.png')), 400, 'truncated');
});

test('GET /v1/lookup: every request example (q and top paired by name)', async () => {
  const operation = spec.paths['/v1/lookup'].get;
  const requests = {};
  for (const parameter of operation.parameters.map(deref)) {
    for (const [name, example] of Object.entries(parameter.examples || {})) {
      requests[name] ??= { params: new URLSearchParams() };
      requests[name].params.set(parameter.name, String(example.value));
      if (example['x-expect-status']) requests[name].status = example['x-expect-status'];
    }
  }
  assert.ok(Object.keys(requests).length >= 3);
  const bodies = {};
  for (const [name, { params, status }] of Object.entries(requests)) {
    assert.ok(status, `${name} has x-expect-status`);
    const res = await fetch(`${server.url}/v1/lookup?${params}`);
    bodies[name] = await checkAnswer(operation, res, status, name);
  }
  const error = bodies['pasted-error'];
  assert.equal(error.answered, true);
  assert.ok(error.matches.length <= 3);
  assert.equal(error.matches[0].kind, 'error');
  assert.ok(error.matches[0].score >= 1, 'recognised as an error text');
  // The documented example answer is the real one.
  const documented = operation.responses['200'].content['application/json'].examples.question.value;
  const top2 = await (await fetch(`${server.url}/v1/lookup?${new URLSearchParams({ q: documented.query, top: '2' })}`)).json();
  assert.deepEqual(
    top2.matches.map((m) => m.id),
    documented.matches.map((m) => m.id),
  );
  // No q at all: the documented 400.
  const missing = await checkAnswer(operation, await fetch(`${server.url}/v1/lookup`), 400, 'missing q');
  assert.equal(missing.error, 'missing query parameter q');
});

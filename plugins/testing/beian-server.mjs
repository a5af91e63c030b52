// Starts a real `beian-bot serve` for the plugin and API tests: 127.0.0.1, a
// free port chosen by the server itself (--listen 127.0.0.1:0), a fresh
// database in a temporary folder. The binary comes from BEIAN_BIN (CTest sets
// it) or build/beian-bot of this checkout.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function beianBinary() {
  const bin = process.env.BEIAN_BIN || path.join(repoRoot, 'build', 'beian-bot');
  if (!existsSync(bin)) {
    throw new Error(`beian-bot binary not found at ${bin}; build it first or set BEIAN_BIN`);
  }
  return bin;
}

// Resolves to { url, port, stop(), stderr() } once the server listens.
export async function startServer({ token } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'beian-plugin-test-'));
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('BEIAN_') && key !== 'BEIAN_BIN') delete env[key];
  if (token) env.BEIAN_API_TOKEN = token;
  const child = spawn(beianBinary(), ['serve', '--listen', '127.0.0.1:0', '--db', path.join(dir, 'test.db')], {
    env,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 10 s:\n${log}`)), 10000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stderr: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // An idle keep-alive connection can hold a graceful stop for seconds.
        const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A port that nothing listens on: bound once by a throwaway server, then freed.
export async function closedPort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

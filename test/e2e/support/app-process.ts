// The built app under `probot run dist/app.js` in a child process, with only the documented
// environment (nothing inherited but PATH/HOME), pointed at the fake GitHub as a GHE host.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PROBOT = path.join(ROOT, 'node_modules/probot/bin/probot.js');

export interface RunningApp {
  webhookUrl: string;
  baseUrl: string;
  output: () => string;
  /** SIGTERM (or `signal`), then waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  child: ChildProcess;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startApp(options: { appId: number; privateKey: string; secret: string; fakePort: number; env?: Record<string, string> }): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [PROBOT, 'run', './dist/app.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      APP_ID: String(options.appId),
      PRIVATE_KEY: options.privateKey,
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: `127.0.0.1:${options.fakePort}`,
      GHE_PROTOCOL: 'http',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`probot exited with ${child.exitCode}:\n${output}`);
    try {
      // Probot's health check, documented in docs/app.md.
      const ping = await fetch(`${base}/ping`);
      if (ping.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`probot did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    webhookUrl: `${base}/api/github/webhooks`,
    baseUrl: base,
    output: () => output,
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

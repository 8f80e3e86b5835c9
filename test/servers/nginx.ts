import type { ChildProcess } from 'child_process';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { connect, createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * A real nginx (Debian's package, installed by scripts/ensure-nginx.sh) as a reverse
 * proxy in front of a test server, on a free 127.0.0.1 port with a temporary config
 * and prefix. The config is nginx's default in everything that matters for headers:
 * no `underscores_in_headers` (default off) and no `ignore_invalid_headers` (default
 * on), so header names with underscores are dropped, as in a stock nginx or Nginx
 * Proxy Manager. `stop()` ends the process and removes the temporary folder.
 */

const ROOT = resolve(__dirname, '..', '..');
const NGINX = '/usr/sbin/nginx';

export function ensureNginx(): void {
	execFileSync('sh', [join(ROOT, 'scripts', 'ensure-nginx.sh')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60 * 1000 });
}

async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

async function accepting(port: number): Promise<boolean> {
	return await new Promise((resolveOpen) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolveOpen(true);
		});
		socket.once('error', () => resolveOpen(false));
	});
}

export class NginxProxy {
	url = '';
	private process?: ChildProcess;
	private dir = '';
	private exited?: Promise<void>;

	/** Starts nginx proxying every path to `upstream` (http://127.0.0.1:port). */
	static async start(upstream: string): Promise<NginxProxy> {
		const proxy = new NginxProxy();
		const port = await freePort();
		proxy.dir = mkdtempSync(join(tmpdir(), 'nginx-test-'));
		const file = (name: string) => join(proxy.dir, name);
		const config = `
daemon off;
worker_processes 1;
pid ${file('nginx.pid')};
error_log ${file('error.log')} warn;
events { worker_connections 64; }
http {
	access_log ${file('access.log')};
	client_body_temp_path ${file('body')};
	proxy_temp_path ${file('proxy')};
	fastcgi_temp_path ${file('fastcgi')};
	uwsgi_temp_path ${file('uwsgi')};
	scgi_temp_path ${file('scgi')};
	server {
		listen 127.0.0.1:${port};
		location / {
			proxy_pass ${upstream};
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
		}
	}
}
`;
		writeFileSync(file('nginx.conf'), config);
		const child = spawn(NGINX, ['-p', proxy.dir, '-c', file('nginx.conf'), '-e', file('error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
		proxy.process = child;
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		proxy.exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
		const deadline = Date.now() + 10_000;
		while (!(await accepting(port))) {
			if (child.exitCode !== null || Date.now() > deadline) {
				await proxy.stop();
				throw new Error(`nginx did not start: ${stderr}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		proxy.url = `http://127.0.0.1:${port}`;
		return proxy;
	}

	/** nginx's own log of the requests it proxied. */
	accessLog(): string {
		try {
			return readFileSync(join(this.dir, 'access.log'), 'utf8');
		} catch {
			return '';
		}
	}

	async stop(): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (child && child.exitCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await this.exited;
			clearTimeout(timer);
		}
		if (this.dir) rmSync(this.dir, { recursive: true, force: true });
		this.dir = '';
	}
}

import { createServer, type Server } from 'http';
import type { AddressInfo, Socket } from 'net';

import { ChatAppHttpFake, type ChatAppAccount } from './chatappHttp';
import { PusherProtocolServer } from './pusherServer';

export { ChatAppHttpFake, TEST_LICENSES } from './chatappHttp';
export { PusherProtocolServer } from './pusherServer';

export const TEST_APP = { appId: '1', appKey: 'ChatsAppApiProdKey', appSecret: 'test-secret-7ad3773142a6692b25b8' };
export const TEST_ACCOUNT: ChatAppAccount = {
	email: 'owner@example.com',
	password: 'correct horse battery staple',
	appId: 'app_4242_1',
	cabinetUserId: 4242,
};

export interface FakeChatApp {
	http: Server;
	port: number;
	baseUrl: string;
	pusher: PusherProtocolServer;
	api: ChatAppHttpFake;
	/** The port stops answering (connections refused), as a stopped server's. */
	goDown: () => Promise<void>;
	/** Listens again on the same port, shutdown mode off. */
	comeBack: () => Promise<void>;
	/**
	 * soketi's graceful restart: `closingMs` of 4200 closes for every connection (its
	 * shutdownGracePeriod), `downMs` refused, then back. Resolves when it is back.
	 */
	gracefulRestart: (closingMs: number, downMs: number) => Promise<void>;
	close: () => Promise<void>;
}

/**
 * One 127.0.0.1 port serving both ChatApp's HTTP API slice and the Pusher socket
 * upgrade (`/app/<key>`), as `api.chatapp.online` + `socket.chatapp.online:6001` do.
 */
export async function startFakeChatApp(
	options: { activityTimeout?: number; idleCloseMs?: number; account?: ChatAppAccount } = {},
): Promise<FakeChatApp> {
	const pusher = new PusherProtocolServer({ ...TEST_APP, activityTimeout: options.activityTimeout, idleCloseMs: options.idleCloseMs });
	const api = new ChatAppHttpFake(options.account ?? TEST_ACCOUNT, pusher);
	const http = createServer((req, res) => api.handle(req, res));
	const sockets = new Set<Socket>();
	http.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	pusher.attach(http);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	let down = false;
	const goDown = async () => {
		if (down) return;
		down = true;
		const closed = new Promise<void>((resolve) => http.close(() => resolve()));
		for (const connection of pusher.connections) connection.ws.terminate();
		for (const socket of sockets) socket.destroy();
		await closed;
	};
	const comeBack = async () => {
		if (!down) return;
		pusher.shuttingDown = false;
		await new Promise<void>((resolve, reject) => {
			http.once('error', reject);
			http.listen(port, '127.0.0.1', () => {
				http.off('error', reject);
				resolve();
			});
		});
		down = false;
	};
	return {
		http,
		port,
		baseUrl: `http://127.0.0.1:${port}`,
		pusher,
		api,
		goDown,
		comeBack,
		gracefulRestart: async (closingMs, downMs) => {
			pusher.beginShutdown();
			await new Promise((r) => setTimeout(r, closingMs));
			await goDown();
			await new Promise((r) => setTimeout(r, downMs));
			await comeBack();
		},
		close: async () => {
			pusher.close();
			for (const socket of sockets) socket.destroy();
			if (!down) await new Promise<void>((resolve) => http.close(() => resolve()));
		},
	};
}

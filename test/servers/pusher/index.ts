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
	close: () => Promise<void>;
}

/**
 * One 127.0.0.1 port serving both ChatApp's HTTP API slice and the Pusher socket
 * upgrade (`/app/<key>`), as `api.chatapp.online` + `socket.chatapp.online:6001` do.
 */
export async function startFakeChatApp(options: { activityTimeout?: number; account?: ChatAppAccount } = {}): Promise<FakeChatApp> {
	const pusher = new PusherProtocolServer({ ...TEST_APP, activityTimeout: options.activityTimeout });
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
	return {
		http,
		port,
		baseUrl: `http://127.0.0.1:${port}`,
		pusher,
		api,
		close: async () => {
			pusher.close();
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => http.close(() => resolve()));
		},
	};
}

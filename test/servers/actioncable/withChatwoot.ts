import { randomBytes } from 'crypto';

import { FakeChatwoot } from '../chatwoot/server';

import { ActionCableTestServer, ensureRubyActionCable } from './server';

/**
 * The Chatwoot-like REST server and the Ruby ActionCable server sharing one user: the
 * profile hands out the pubsub_token the cable server knows (for e2e and scale suites).
 */
export async function startChatwootWithCable(accountId: number, userId: number): Promise<{ cw: FakeChatwoot; cable: ActionCableTestServer; userToken: string }> {
	ensureRubyActionCable();
	const cw = await FakeChatwoot.start();
	const userToken = `utok-${randomBytes(8).toString('hex')}`;
	cw.state.user.pubsub_token = userToken;
	const cable = await ActionCableTestServer.start({ users: [{ pubsub_token: userToken, id: userId, accounts: [accountId] }] });
	return { cw, cable, userToken };
}

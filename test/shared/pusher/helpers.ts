import type { ChannelAuthorizationData, RealtimeFailure, RealtimeStatus } from '../../../nodes/shared/pusher/client';
import { ChannelAuthorizationError, PusherClient } from '../../../nodes/shared/pusher/client';
import { LICENSE_CHANNEL } from '../../ChatApp/realtime/fixtures';
import type { FakeChatApp } from '../../servers/pusher';
import { TEST_APP } from '../../servers/pusher';

/** An `authorize` for the n8n-free client: signs through the fake's /broadcasting/auth with `token`; counts calls. */
export function fakeAuthorizer(fake: FakeChatApp, token: string, counter: { calls: number } = { calls: 0 }) {
	return async (socketId: string, channelName: string): Promise<ChannelAuthorizationData> => {
		counter.calls++;
		const response = await fetch(`${fake.baseUrl}/broadcasting/auth`, {
			method: 'POST',
			headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
		});
		if (!response.ok) throw new ChannelAuthorizationError(`HTTP ${response.status}`, response.status < 500);
		return (await response.json()) as ChannelAuthorizationData;
	};
}

type ClientOptions = ConstructorParameters<typeof PusherClient>[0];

/** A client of the fake's socket on LICENSE_CHANNEL, fast test pacing, recording what it reports. */
export function recordingClient(fake: FakeChatApp, overrides: Partial<ClientOptions> = {}) {
	const statuses: RealtimeStatus[] = [];
	const failures: RealtimeFailure[] = [];
	const recoveries: Array<{ since: number; channels: string[] }> = [];
	const events: Array<{ event: string; channel: string; data: unknown }> = [];
	const client = new PusherClient({
		appKey: TEST_APP.appKey,
		host: '127.0.0.1',
		port: fake.port,
		useTLS: false,
		channels: [LICENSE_CHANNEL],
		authorize: fakeAuthorizer(fake, fake.api.issueTokens().accessToken),
		onEvent: (event, channel, data) => events.push({ event, channel, data }),
		onFailure: (failure) => failures.push(failure),
		onStatus: (status) => statuses.push(status),
		onRecovered: (recovery) => recoveries.push(recovery),
		backoffBaseMs: 40,
		random: () => 1,
		...overrides,
	});
	return { client, statuses, failures, recoveries, events };
}

import { createHook } from 'async_hooks';

/**
 * Records timers, immediates and TCP handles created from pusher-js or the realtime
 * client (by creation stack) and forgets them when they are destroyed, so a test
 * can assert that a closed trigger left nothing behind — including faye-websocket's
 * 30 s close timer, which `process.getActiveResourcesInfo()` cannot attribute.
 */
export function trackResources(origin = /node_modules[\\/]pusher-js|shared[\\/]pusher[\\/]realtimeClient/) {
	const live = new Map<number, { type: string; stack: string }>();
	const previousLimit = Error.stackTraceLimit;
	Error.stackTraceLimit = 40;
	const hook = createHook({
		init(id, type) {
			if (type !== 'Timeout' && type !== 'Immediate' && type !== 'TCPWRAP' && type !== 'TLSWRAP') return;
			const stack = new Error().stack ?? '';
			if (origin.test(stack)) live.set(id, { type, stack });
		},
		destroy(id) {
			live.delete(id);
		},
	});
	hook.enable();
	return {
		live: () => [...live.values()],
		summary: () => [...live.values()].map((r) => `${r.type} from ${r.stack.split('\n').find((l) => origin.test(l))?.trim()}`),
		stop: () => {
			hook.disable();
			Error.stackTraceLimit = previousLimit;
		},
	};
}

import type { IDataObject } from 'n8n-workflow';

/** A burst is emitted at the latest this many quiet periods after its first message, however fast messages keep coming. */
export const BURST_MAX_PERIODS = 4;
/** And at the latest at this many messages. */
export const BURST_MAX_MESSAGES = 50;

interface Burst {
	items: IDataObject[];
	firstAt: number;
	timer: ReturnType<typeof setTimeout>;
}

function isCustomerMessage(item: IDataObject): boolean {
	if (item.event !== 'message.created') return false;
	const data = item.data as IDataObject;
	const type = data.message_type;
	if (!(type === 0 || type === 'incoming')) return false;
	if (data.private === true) return false;
	const sender = typeof data.sender_type === 'string' ? data.sender_type.toLowerCase() : 'contact';
	return sender === 'contact';
}

/**
 * "Collect message bursts": a customer's incoming messages in one conversation that
 * follow each other within `quietMs` become one item, emitted once the customer has
 * been quiet for `quietMs` (at the latest BURST_MAX_PERIODS × quietMs after the first,
 * or at BURST_MAX_MESSAGES), so three quick messages get one answer. The item is the
 * last message's, plus `burst`: every message in order, their text joined by new
 * lines, the count and the first/last ids. Other events pass straight through.
 * `flush()` emits what is held (the trigger closing), so nothing is lost.
 */
export class BurstCollector {
	private readonly bursts = new Map<number, Burst>();

	constructor(
		private readonly quietMs: number,
		private readonly emit: (item: IDataObject) => void,
		private readonly now: () => number = Date.now,
	) {}

	/** True when the item is held for a burst (do not emit it now). */
	offer(item: IDataObject): boolean {
		if (!isCustomerMessage(item)) return false;
		const conversationId = Number((item.data as IDataObject).conversation_id);
		if (!Number.isFinite(conversationId)) return false;
		const now = this.now();
		const burst = this.bursts.get(conversationId);
		if (!burst) {
			this.bursts.set(conversationId, { items: [item], firstAt: now, timer: this.arm(conversationId, this.quietMs) });
			return true;
		}
		clearTimeout(burst.timer);
		burst.items.push(item);
		if (burst.items.length >= BURST_MAX_MESSAGES) {
			this.release(conversationId);
			return true;
		}
		const deadline = burst.firstAt + BURST_MAX_PERIODS * this.quietMs;
		burst.timer = this.arm(conversationId, Math.max(0, Math.min(this.quietMs, deadline - now)));
		return true;
	}

	/** Emits every held burst now and clears every timer. */
	flush(): void {
		for (const conversationId of [...this.bursts.keys()]) this.release(conversationId);
	}

	private arm(conversationId: number, ms: number) {
		return setTimeout(() => this.release(conversationId), ms);
	}

	private release(conversationId: number) {
		const burst = this.bursts.get(conversationId);
		if (!burst) return;
		this.bursts.delete(conversationId);
		clearTimeout(burst.timer);
		const last = burst.items[burst.items.length - 1];
		const messages = burst.items.map((item) => item.data as IDataObject);
		const text = messages
			.map((message) => (typeof message.content === 'string' ? message.content : ''))
			.filter((content) => content !== '');
		this.emit({
			...last,
			burst: {
				count: messages.length,
				content: text.join('\n'),
				firstMessageId: messages[0].id ?? null,
				lastMessageId: messages[messages.length - 1].id ?? null,
				messages,
			},
		});
	}
}

import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

import { BoundedKeySet } from '../../shared/boundedKeySet';
import { chatAppPaginate, chatAppRecordTime } from '../transport/pagination';
import { chatAppPath } from '../transport/request';

import { parseChatAppChannel } from './channels';

/*
 * Catch-up after a realtime outage (issue 14.7). Pusher keeps no history, so messages
 * published while the trigger was not subscribed are fetched from ChatApp's REST API
 * once every channel is back: per license + messenger channel, the chats with activity
 * since the loss (newest first, until one is older), then each chat's messages since
 * then (`direction=next`, `lastTime`). Message ids already delivered live, or by an
 * earlier catch-up, are skipped, and live messages already caught up are dropped.
 * Only messages can be caught up: ChatApp has no REST history of statuses, tags or
 * the company and user channels' events. Runs one at a time and at most once per
 * `minIntervalMs` (a flapping server merges its outages into one window).
 */

/** Seconds before the loss that are fetched too (clock skew between n8n and ChatApp). */
export const CATCH_UP_MARGIN_S = 5;
const PAGE_SIZE = 50;
const MAX_CHAT_PAGES = 4;
const MAX_MESSAGE_PAGES = 4;
const REQUEST_TIMEOUT_MS = 20000;

export interface CatchUpHooks {
	/** Messages of one channel that were missed, in order, ready to emit. */
	emit(channel: string, messages: IDataObject[]): void;
	log(text: string, warn: boolean): void;
}

export class ChatAppCatchUp {
	private readonly seen = new BoundedKeySet<string>(6 * 3600 * 1000, 20000);

	private readonly licenseChannels: string[];

	private readonly aborter = new AbortController();

	private pendingSince: number | undefined;

	private timer: ReturnType<typeof setTimeout> | undefined;

	private running: Promise<void> | undefined;

	private lastStart = 0;

	private closed = false;

	/** Catch-up runs started (tests, benches). */
	runs = 0;

	constructor(
		private readonly ctx: ITriggerFunctions,
		channels: string[],
		private readonly hooks: CatchUpHooks,
		private readonly minIntervalMs = 30000,
	) {
		this.licenseChannels = channels.filter((c) => parseChatAppChannel(c)?.kind === 'licenseMessenger');
	}

	get enabled(): boolean {
		return this.licenseChannels.length > 0;
	}

	/** A live message on `channel`: false when catch-up already emitted it (drop it), else remembered. */
	live(channel: string, id: unknown): boolean {
		if (id === undefined || id === null || id === '') return true;
		return !this.seen.checkAndAdd(`${channel}|${String(id)}`);
	}

	/** Every channel is back after a loss at `since` (ms). */
	request(since: number): void {
		if (this.closed || !this.enabled) return;
		this.pendingSince = Math.min(this.pendingSince ?? since, since);
		this.schedule();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.aborter.abort();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		await this.running;
	}

	private schedule() {
		if (this.running || this.timer || this.pendingSince === undefined || this.closed) return;
		const wait = Math.max(0, this.lastStart + this.minIntervalMs - Date.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			const since = this.pendingSince;
			this.pendingSince = undefined;
			if (since === undefined || this.closed) return;
			this.lastStart = Date.now();
			this.runs++;
			this.running = this.run(since).finally(() => {
				this.running = undefined;
				this.schedule();
			});
		}, wait);
	}

	private async run(since: number) {
		const sinceS = Math.floor(since / 1000) - CATCH_UP_MARGIN_S;
		for (const channel of this.licenseChannels) {
			if (this.closed) return;
			try {
				const missed = await this.channelMessages(channel, sinceS);
				const fresh = missed.filter((m) => this.live(channel, m.id));
				if (fresh.length > 0 && !this.closed) this.hooks.emit(channel, fresh);
				this.hooks.log(`ChatApp realtime: caught up ${fresh.length} message(s) on ${channel} since ${new Date(sinceS * 1000).toISOString()}`, false);
			} catch (error) {
				if (this.closed) return;
				this.hooks.log(`ChatApp realtime: catching up ${channel} failed: ${(error as Error).message}`, true);
			}
		}
	}

	private async channelMessages(channel: string, sinceS: number): Promise<IDataObject[]> {
		const info = parseChatAppChannel(channel);
		const target = { licenseId: String(info?.licenseId), messengerType: String(info?.messengerType) };
		const common = { method: 'GET' as const, timeoutMs: REQUEST_TIMEOUT_MS, abortSignal: this.aborter.signal };
		const chats = await chatAppPaginate.call(
			this.ctx,
			{ ...common, path: await chatAppPath.call(this.ctx, 'chats.getAll', target), qs: { limit: PAGE_SIZE } },
			{
				cursorParameter: 'page',
				pageSize: PAGE_SIZE,
				maxPages: MAX_CHAT_PAGES,
				// Newest activity first: stop at the first chat idle since before the loss (no time: keep it).
				until: (chat) => {
					const time = chatAppRecordTime(chat);
					return time !== undefined && time < sinceS;
				},
			},
		);
		const out: IDataObject[] = [];
		for (const chat of chats) {
			const chatId = chat.id ?? chat.chatId;
			if (chatId === undefined || chatId === null || this.closed) continue;
			const path = await chatAppPath.call(this.ctx, 'messages.getAll', { ...target, chatId: String(chatId) });
			const messages = await chatAppPaginate.call(
				this.ctx,
				{ ...common, path, qs: { limit: PAGE_SIZE, direction: 'next', lastTime: sinceS } },
				{ cursorParameter: 'page', pageSize: PAGE_SIZE, maxPages: MAX_MESSAGE_PAGES, withInternalId: true },
			);
			for (const message of messages) {
				const time = chatAppRecordTime(message);
				if (time !== undefined && time < sinceS) continue; // a server that ignored lastTime
				out.push(message.chat ? message : { ...message, chat: { id: chatId } });
			}
		}
		return out.sort((a, b) => (chatAppRecordTime(a) ?? 0) - (chatAppRecordTime(b) ?? 0));
	}
}
